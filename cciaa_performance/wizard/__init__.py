from . import import_wizard
from . import import_wizard_progress
from . import campaign_reopen
from . import next_cycle
