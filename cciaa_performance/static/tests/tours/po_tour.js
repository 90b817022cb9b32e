/**
 * P.O./EQ, in two tours around the evaluation by the SG (tests/test_tours.py):
 *
 * - cciaa_po_tour: lands on their home, the units of their Servizio; from the
 *   Servizio's card confirms the data of the open quadrimester and looks at
 *   the deviations; opens their own scheda from the activity that the
 *   assignment left them (systray) and acknowledges it ("presa visione");
 * - cciaa_po_scheda_tour: once evaluated, reads each objective's result and
 *   the explanation of the computation, writes and files observations.
 *
 * Parameters: `unit` (code and name of the Servizio), `employee` (own
 * scheda), `activity` (whether the assignment left an activity), `lines`
 * (column, text, expected achievement and score of each objective, codes the
 * explanation names), `observations`.
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import {
    APP,
    checkText,
    loadParams,
    openActivityGroup,
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
        ...clickScheda(params),
    ];
}

/** The own scheda's card in the schede's kanban (grouped by state). */
function clickScheda(params) {
    return [
        {
            content: "open the own scheda",
            trigger: `.o_kanban_record:contains(${quote(params.employee)})`,
            run: "click",
        },
    ];
}

/** The scheda through the activity the assignment left in the systray. */
function openSchedaFromActivity(params) {
    return [
        ...openActivityGroup("cciaa.performance.scheda", "the schede waiting for me"),
        ...clickScheda(params),
    ];
}

/** The card of the unit `code` on the P.O.'s home. */
function unitCard(code) {
    return `.o_kanban_record:has([name=code]:contains(${quote(code)}))`;
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
        // no menu: the P.O. lands on the units of their Servizio
        {
            content: "the home: the Servizio's card, not confirmed yet",
            trigger: `${unitCard(params.unit.code)}:not(:has([name=confirmed]))`,
        },
        checkText(
            "the rows still to fill of the Servizio",
            `${unitCard(params.unit.code)} [name=to_fill_count]`,
            params.unit.to_fill
        ),
        {
            content: "the deviations of the Servizio",
            trigger: `${unitCard(params.unit.code)} button[name=action_cciaa_home_deviations]`,
            run: "click",
        },
        {
            content: `the results below target: ${params.unit.deviations} rows`,
            trigger: params.unit.deviations
                ? `.o_list_view .o_data_row:nth-child(${params.unit.deviations})`
                : ".o_view_nocontent",
        },
        {
            content: "back home",
            trigger: ".o_breadcrumb .breadcrumb-item.o_back_button",
            run: "click",
        },
        {
            content: "confirm the Servizio's data from its card",
            trigger: `${unitCard(params.unit.code)} button[name=action_cciaa_home_confirm]`,
            run: "click",
        },
        {
            content: "the confirmation comes with the Servizio",
            trigger: ".o_form_view .o_field_widget[name=department_id] input",
            run() {
                if (this.anchor.value !== params.unit.name) {
                    throw new Error(`unit "${this.anchor.value}", not "${params.unit.name}"`);
                }
            },
        },
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
        {
            content: "back home",
            trigger: ".o_breadcrumb .breadcrumb-item.o_back_button",
            run: "click",
        },
        {
            content: "the Servizio's card says confirmed",
            trigger: `${unitCard(params.unit.code)} [name=confirmed]`,
        },
        ...(params.activity ? openSchedaFromActivity(params) : openOwnScheda(params)),
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
            // the evaluation left the P.O. an activity: accept or observe
            ...(params.activity ? openSchedaFromActivity(params) : openOwnScheda(params)),
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
