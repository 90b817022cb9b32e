"""The Italian user interface of this addon is complete (docs/STYLE.md,
convention 10), as cciaa_performance's TestI18n checks its own: the catalogue
follows the template, every entry is translated with its placeholders, and
what an Italian user sees (the view, the fields, the messages) is Italian."""

import re
from collections import Counter

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import PYTHON_TRANSLATION_COMMENT, code_translations

MODULE = "cciaa_performance_queue"
LANG = "it_IT"
PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0+]*\d*(?:\.\d+)?[a-zA-Z]")


def catalogue(name):
    return polib.pofile(file_path(f"{MODULE}/i18n/{name}"))


@tagged("post_install", "-at_install")
class TestI18nQueue(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(LANG)
        cls.env["ir.module.module"]._load_module_terms([MODULE], [LANG], overwrite=True)
        cls.env_it = cls.env(context=dict(cls.env.context, lang=LANG))
        cls.env_en = cls.env(context=dict(cls.env.context, lang="en_US"))

    def test_catalogue_complete(self):
        po, pot = catalogue("it.po"), catalogue(f"{MODULE}.pot")
        self.assertEqual({e.msgid for e in pot}, {e.msgid for e in po})
        for entry in po:
            with self.subTest(msgid=entry.msgid):
                self.assertTrue(entry.msgstr)
                self.assertNotIn("fuzzy", entry.flags)
                self.assertNotEqual(entry.msgstr, entry.msgid)
                self.assertEqual(
                    Counter(PLACEHOLDER.findall(entry.msgid)),
                    Counter(PLACEHOLDER.findall(entry.msgstr)),
                )

    def test_code_terms_translated(self):
        translations = code_translations.get_python_translations(MODULE, LANG)
        code = [
            e.msgid
            for e in catalogue(f"{MODULE}.pot")
            if PYTHON_TRANSLATION_COMMENT in (e.comment or "").split("\n")
        ]
        self.assertTrue(code)
        for msgid in code:
            self.assertNotEqual(translations.get(msgid, msgid), msgid)

    def test_what_an_italian_manager_sees(self):
        view = self.env.ref(f"{MODULE}.view_cciaa_performance_cycle_form_queue")
        arch_it = view.with_env(self.env_it).arch_db
        self.assertIn("Lavori di ricalcolo", arch_it)
        self.assertNotIn("Recompute jobs", arch_it)
        self.assertNotIn("queued or running", arch_it)
        names = ["recompute_job_ids", "recompute_job_count", "recompute_queued"]
        attributes = ["string", "help"]
        fields_en = self.env_en["cciaa.performance.cycle"].fields_get(names, attributes)
        fields_it = self.env_it["cciaa.performance.cycle"].fields_get(names, attributes)
        for name in names:
            for attribute in attributes:
                with self.subTest(field=name, attribute=attribute):
                    if fields_en[name].get(attribute):
                        self.assertNotEqual(
                            fields_it[name][attribute], fields_en[name][attribute]
                        )
        job_field = self.env_it["queue.job"].fields_get(["cciaa_cycle_id"], ["string"])
        self.assertEqual(
            job_field["cciaa_cycle_id"]["string"], "Ciclo della performance"
        )
