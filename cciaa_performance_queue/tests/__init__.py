from . import test_recompute_queue
from . import test_progress_queue
from . import test_i18n
