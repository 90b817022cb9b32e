import datetime
import json
import os

from odoo import Command
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.misc import file_path

from ..models.guard import trusted_create

# Inside the addon, so that it is testable when installed without the repository.
DATASET_2019 = file_path("cciaa_performance/datasets/massa_carrara_2019")
REFERENCE = os.path.join(os.path.dirname(__file__), "reference")


def reference(name):
    with open(os.path.join(REFERENCE, name), encoding="utf-8") as handle:
        return json.load(handle)


class CciaaCase(TransactionCase):
    """A small chamber: SG > Area > Servizio S2 (office U2.1) and Servizio S3,
    one cycle with one indicator reported by S2, U2.1 and S3, and a user per
    group. No demo data is used."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create({"name": "CCIAA di Prova"})
        cls.other_company = cls.env["res.company"].create({"name": "CCIAA Altra"})
        Department = cls.env["hr.department"]
        cls.unit_sg = Department.create(
            {
                "name": "Segretario Generale",
                "cciaa_code": "SG",
                "cciaa_kind": "sg",
                "company_id": cls.company.id,
            }
        )
        cls.unit_s2 = Department.create(
            {
                "name": "Servizio Registro Imprese",
                "cciaa_code": "S2",
                "cciaa_kind": "servizio",
                "parent_id": cls.unit_sg.id,
                "company_id": cls.company.id,
            }
        )
        cls.unit_u21 = Department.create(
            {
                "name": "Ufficio Registro Imprese",
                "cciaa_code": "U2.1",
                "cciaa_kind": "ufficio",
                "parent_id": cls.unit_s2.id,
                "company_id": cls.company.id,
            }
        )
        cls.unit_s3 = Department.create(
            {
                "name": "Servizio Certificazioni",
                "cciaa_code": "S3",
                "cciaa_kind": "servizio",
                "parent_id": cls.unit_sg.id,
                "company_id": cls.company.id,
            }
        )

        def user(login, group, unit=None, heads=None):
            new = new_test_user(
                cls.env,
                login=login,
                groups=f"cciaa_performance.{group}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )
            employee = cls.env["hr.employee"].create(
                {"name": login, "user_id": new.id, "company_id": cls.company.id}
            )
            if unit:
                cls.env["cciaa.performance.assignment"].create(
                    {
                        "employee_id": employee.id,
                        "department_id": unit.id,
                        "date_from": datetime.date(2019, 1, 1),
                    }
                )
            if heads:
                heads.manager_id = employee
            return new

        cls.user_office = user("office_u21", "group_office_user", unit=cls.unit_u21)
        cls.user_office_s3 = user("office_s3", "group_office_user", unit=cls.unit_s3)
        cls.user_po = user("po_s2", "group_po", heads=cls.unit_s2)
        cls.user_sg = user("sg", "group_sg")
        cls.user_manager = user("manager", "group_manager")
        cls.user_oiv = user("oiv", "group_oiv")
        cls.user_hr = user("hr", "group_hr")

        cls.cycle = trusted_create(
            cls.env["cciaa.performance.cycle"],
            {"year": 2019, "company_id": cls.company.id, "state": "active"},
        )
        area = cls.env["cciaa.performance.area"].create(
            {"cycle_id": cls.cycle.id, "code": "OB1", "name": "Area", "weight": 100}
        )
        strategic = cls.env["cciaa.performance.strategic.objective"].create(
            {
                "cycle_id": cls.cycle.id,
                "area_id": area.id,
                "code": "1.1",
                "name": "OS",
                "weight": 100,
            }
        )
        cls.operational = cls.env["cciaa.performance.operational.objective"].create(
            {
                "cycle_id": cls.cycle.id,
                "strategic_id": strategic.id,
                "code": "1.1.1",
                "name": "OO",
            }
        )
        cls.indicator = cls.env["cciaa.performance.indicator"].create(
            {
                "cycle_id": cls.cycle.id,
                "kind": "IO",
                "operational_id": cls.operational.id,
                "code": "O1.1.1-a",
                "name": "Pratiche evase",
                "measure": "ratio",
                "comparator": ">=",
                "parameter_1": "evase",
                "parameter_2": "ricevute",
                "department_ids": [
                    Command.set([cls.unit_s2.id, cls.unit_u21.id, cls.unit_s3.id])
                ],
                "target_ids": [Command.create({"year": 2019, "value": 90})],
            }
        )
        Measurement = cls.env["cciaa.performance.measurement"]
        cls.m_s2 = Measurement.create(
            {
                "indicator_id": cls.indicator.id,
                "department_id": cls.unit_s2.id,
                "quarter": "1",
                "parameter": "1",
                "value": 9,
            }
        )
        cls.m_u21 = Measurement.create(
            {
                "indicator_id": cls.indicator.id,
                "department_id": cls.unit_u21.id,
                "quarter": "1",
                "parameter": "1",
                "value": 5,
            }
        )
        cls.m_s3 = Measurement.create(
            {
                "indicator_id": cls.indicator.id,
                "department_id": cls.unit_s3.id,
                "quarter": "1",
                "parameter": "1",
                "value": 7,
            }
        )
