/**
 * OIV: lands on the validations awaiting it (their home), with the activity
 * the Giunta's approval left in the systray; fills the validation checklist
 * (evidence and assessment of items A–K)
 * and the outcome, date and signatory, records the validation; then finds
 * measurements and results read-only.
 *
 * Parameters (tests/test_tours.py): `relazione` (its row), `items` (letter,
 * evidence, assessment key), `outcome` (key), `date` and `signatory` as
 * typed.
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import {
    APP,
    loadParams,
    openMenu,
    quote,
    seeActivityGroup,
    stepsWithParams,
} from "@cciaa_performance/../tests/tours/cciaa_tour_utils";

const TOUR = "cciaa_oiv_tour";

function itemSteps(item) {
    const row = `.o_field_widget[name=item_ids] .o_data_row:has(td[name=letter]:contains(${quote(
        item.letter
    )}))`;
    return [
        {
            content: `item ${item.letter}: the evidence`,
            trigger: `${row} td[name=evidence]`,
            run: "click",
        },
        {
            content: `item ${item.letter}: write it`,
            trigger: `${row}.o_selected_row td[name=evidence] textarea`,
            run: (helpers) => helpers.edit(item.evidence),
        },
        {
            content: `item ${item.letter}: the assessment`,
            trigger: `${row}.o_selected_row td[name=outcome] select`,
            // the option's value is the JSON of the selection key
            run: (helpers) => helpers.select(JSON.stringify(item.outcome)),
        },
    ];
}

function readOnlyList(section, item, content) {
    return [
        ...openMenu(section, item),
        {
            content: `${content}: the list (no form left on screen)`,
            trigger: ".o_action_manager:not(:has(.o_form_view)) .o_list_view",
        },
        {
            content: `${content}: nothing to create`,
            trigger: ".o_control_panel:not(:has(.o_list_button_add))",
        },
        {
            content: `${content}: unfold the first group, if grouped`,
            trigger: ".o_list_view :is(.o_group_header, .o_data_row)",
            run() {
                const header = document.querySelector(".o_list_view .o_group_header");
                if (header && !document.querySelector(".o_list_view .o_data_row")) {
                    header.click();
                }
            },
        },
        {
            content: `${content}: open one`,
            trigger: ".o_list_view .o_data_row:first td.o_data_cell",
            run: "click",
        },
        {
            content: `${content}: read-only`,
            trigger: ".o_form_view .o_form_readonly",
        },
    ];
}

registry.category("web_tour.tours").add(TOUR, {
    url: "/odoo",
    wait_for: loadParams(TOUR),
    steps: stepsWithParams(TOUR, (params) => [
        // no menu: the OIV lands on the validations awaiting it
        ...seeActivityGroup(
            "cciaa.performance.relazione",
            "the Giunta's approval left the OIV an activity on the Relazione"
        ),
        {
            content: "the home: the validation of the Relazione, to record",
            trigger: `.o_kanban_record:contains(${quote(params.relazione)}):has(.badge.text-bg-warning)`,
            run: "click",
        },
        ...params.items.flatMap(itemSteps),
        {
            content: "the outcome",
            trigger: ".o_form_view .o_field_widget[name=outcome] select",
            run: (helpers) => helpers.select(JSON.stringify(params.outcome)),
        },
        {
            content: "the date",
            trigger: ".o_form_view .o_field_widget[name=date] input",
            run: `edit ${params.date} && press Enter`,
        },
        {
            content: "the signatory",
            trigger: ".o_form_view .o_field_widget[name=signatory] input",
            run: (helpers) => helpers.edit(params.signatory),
        },
        {
            content: "record the validation",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_validate]",
            run: "click",
        },
        {
            content: "the outcome is final: continue",
            trigger: ".modal footer .btn-primary",
            run: "click",
        },
        {
            content: "validated",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
        ...stepUtils.goToAppSteps(APP, "back to the Performance app"),
        {
            content: "the home: the validation is recorded",
            trigger: `.o_kanban_record:contains(${quote(params.relazione)}):has(.badge.text-bg-success)`,
        },
        ...readOnlyList(
            "cciaa_performance.menu_cciaa_monitoring",
            "cciaa_performance.menu_cciaa_measurement",
            "measurements"
        ),
        ...readOnlyList(
            "cciaa_performance.menu_cciaa_monitoring",
            "cciaa_performance.menu_cciaa_result",
            "results"
        ),
    ]),
});
