from . import test_staff_tables
from . import test_relazione_2019
from . import test_xlsx
from . import test_prevalidation
from . import test_oiv_validation
from . import test_tours
from . import test_premium_distribution
from . import test_privacy_rpc
