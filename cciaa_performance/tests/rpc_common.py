"""JSON-RPC over real HTTP as each role (docs/SECURITY.md "How the tests
prove it"): what a browser console can do, with a forged context."""

from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

# a client may send any context: none of these keys may switch a check off
FORGED = {
    "cciaa_trusted": True,
    "cciaa_campaign_transition": True,
    "cciaa_scheda_computing": True,
    "cciaa_incentive_computing": True,
}
OK, REFUSED = "ok", "refused"


class RpcMixin:
    """For an HttpCase whose users log in with their login as password."""

    _rpc_login = None

    def call(self, login, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` over /web/dataset/call_kw as
        ``login``, with the forged context: (OK, result) or (REFUSED, why)."""
        if self._rpc_login != login:
            self.authenticate(login, login)
            self._rpc_login = login
        try:
            with mute_logger("odoo.http"):
                result = self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": model,
                        "method": method,
                        "args": list(args),
                        "kwargs": {**kwargs, "context": dict(FORGED)},
                    },
                )
        except JsonRpcException as error:
            return REFUSED, str(error)
        return OK, result

    def check_table(self, table):
        for login, model, method, args, kwargs, expected in table:
            with self.subTest(login=login, model=model, method=method, args=args):
                outcome, why = self.call(login, model, method, *args, **kwargs)
                self.assertEqual(outcome, expected, why)
