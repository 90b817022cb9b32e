from . import import_wizard
