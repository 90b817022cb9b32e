from . import queue_job
from . import cycle
from . import result
from . import import_wizard
