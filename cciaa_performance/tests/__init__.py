from . import test_security
from . import test_import_errors
from . import test_dataset_2019
from . import test_i18n
from . import test_tours
from . import test_campaign
from . import test_recompute
