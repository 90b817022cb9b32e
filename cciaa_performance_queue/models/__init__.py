from . import queue_job
from . import cycle
from . import cycle_progress
from . import result
