def post_init_hook(env):
    """Bind the individual scheda print to the scheda model when the individual
    objectives (issue 5) are installed: that model may not exist when this
    addon is installed, so the binding cannot live in XML."""
    env["ir.actions.report"]._cciaa_bind_scheda_report()
