from . import import_wizard
from . import campaign_reopen
from . import next_cycle
