from . import import_wizard
from . import campaign_reopen
