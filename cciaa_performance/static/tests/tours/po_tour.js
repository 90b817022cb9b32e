/**
 * P.O./EQ, in two tours around the evaluation by the SG (tests/test_tours.py):
 *
 * - cciaa_po_tour: confirms the Servizio's data of the open quadrimester;
 *   opens their own scheda and acknowledges it ("presa visione");
 * - cciaa_po_scheda_tour: once evaluated, reads each objective's result and
 *   the explanation of the computation, writes and files observations.
 *
 * Parameters: `campaign` and `unit` (what to type in the confirmation and the
 * position of the right item in the dropdown), `employee` (own scheda row),
 * `lines` (column, text, expected achievement and score of each objective,
 * codes the explanation names), `observations`.
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import {
    APP,
    checkText,
    loadParams,
    many2oneSteps,
    openMenu,
    quote,
    stepsWithParams,
} from "./cciaa_tour_utils";

function openOwnScheda(params) {
    return [
        ...stepUtils.goToAppSteps(APP, "open the Performance app"),
        ...openMenu(
            "cciaa_performance.menu_cciaa_individual",
            "cciaa_performance.menu_cciaa_scheda"
        ),
        {
            content: "open the own scheda",
            trigger: `.o_data_row td[name=employee_id]:contains(${quote(params.employee)})`,
            run: "click",
        },
    ];
}

function status(state) {
    return {
        content: `the scheda is ${state}`,
        trigger: `.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=${state}]`,
    };
}

const CONFIRM = "cciaa_po_tour";
registry.category("web_tour.tours").add(CONFIRM, {
    url: "/odoo",
    wait_for: loadParams(CONFIRM),
    steps: stepsWithParams(CONFIRM, (params) => [
        ...stepUtils.goToAppSteps(APP, "open the Performance app"),
        ...openMenu(
            "cciaa_performance.menu_cciaa_monitoring",
            "cciaa_performance.menu_cciaa_confirmation"
        ),
        {
            content: "a new confirmation",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        ...many2oneSteps("campaign_id", params.campaign),
        ...many2oneSteps("department_id", params.unit),
        {
            content: "confirm the Servizio's data",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "confirmed",
            trigger:
                ".o_form_view .o_form_saved .o_statusbar_status button.o_arrow_button_current[data-value=confirmed]",
        },
        ...openOwnScheda(params),
        status("assigned"),
        {
            content: "presa visione",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_acknowledge]",
            run: "click",
        },
        status("acknowledged"),
        {
            content: "the evaluation tab",
            trigger: ".o_form_view .o_notebook a[name=evaluation]",
            run: "click",
        },
        {
            content: "the date of the presa visione is recorded",
            trigger: `.o_form_view .o_field_widget[name=acknowledged_on]:contains(${quote(
                params.today
            )})`,
        },
    ]),
});

const READ = "cciaa_po_scheda_tour";
registry.category("web_tour.tours").add(READ, {
    url: "/odoo",
    wait_for: loadParams(READ),
    steps: stepsWithParams(READ, (params) => {
        const row = (line) =>
            `.o_field_widget[name=line_ids] .o_data_row:has(td[name=${line.column}]:contains(${quote(
                line.text
            )}))`;
        return [
            ...openOwnScheda(params),
            status("evaluated"),
            ...params.lines.flatMap((line) => [
                checkText(
                    `${line.text}: achievement`,
                    `${row(line)} td[name=achievement]`,
                    line.achievement
                ),
                checkText(`${line.text}: score`, `${row(line)} td[name=score]`, line.score),
            ]),
            {
                content: "how the scheda was computed",
                trigger: ".o_form_view .o_notebook a[name=computation]",
                run: "click",
            },
            ...params.codes.map((code) => ({
                content: `the explanation covers ${code}`,
                trigger: `.o_form_view .o_field_widget[name=explanation_html]:contains(${quote(
                    code
                )})`,
            })),
            {
                content: "the evaluation tab",
                trigger: ".o_form_view .o_notebook a[name=evaluation]",
                run: "click",
            },
            {
                content: "write the observations",
                trigger: ".o_form_view .o_field_widget[name=observations] textarea",
                run: (helpers) => helpers.edit(params.observations),
            },
            {
                content: "file them",
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_file_observations]",
                run: "click",
            },
            status("observations"),
        ];
    }),
});
