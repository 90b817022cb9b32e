"""JSON-RPC over real HTTP as each role (docs/SECURITY.md "How the tests
prove it"): what a browser console can do, with a forged context."""

import json

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
        # the web client sends the user's language in every call's context
        lang = self.env["res.users"].search([("login", "=", login)]).lang
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": None,
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": {**kwargs, "context": {**FORGED, "lang": lang}},
            },
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        response.raise_for_status()
        decoded = response.json()
        if "error" in decoded:
            data = decoded["error"]["data"]
            return REFUSED, f"{data['name']}: {data['message']}"
        return OK, decoded.get("result")

    def check_table(self, table):
        for login, model, method, args, kwargs, expected in table:
            with self.subTest(login=login, model=model, method=method, args=args):
                outcome, why = self.call(login, model, method, *args, **kwargs)
                self.assertEqual(outcome, expected, why)
