/**
 * HR: lands on the incentive funds (their home). Enters the fund of the year, runs the simulation,
 * reads the totals (the lines add up to the allocated amount), confirms the
 * allocation (the cycle is validated by the OIV) and exports the payroll XLSX.
 *
 * Parameters (tests/test_tours.py): `name`, `cycle` (dropdown choice),
 * `amount` (as typed), `categories` (keys of the staff's categories, each
 * given the default coefficient), `quota` (% of staff with the maggiorazione),
 * `staff` (number of allocation lines).
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import {
    APP,
    loadParams,
    many2oneSteps,
    quote,
    seeActivityGroup,
    stepsWithParams,
} from "./cciaa_tour_utils";

const TOUR = "cciaa_hr_tour";

/** "12.345,67 €" → "1234567": the digits of an amount, whatever its format. */
function digits(text) {
    return text.replace(/\D/g, "");
}

function status(state) {
    return {
        content: `the fund is ${state}`,
        trigger: `.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=${state}]`,
    };
}

registry.category("web_tour.tours").add(TOUR, {
    url: "/odoo",
    wait_for: loadParams(TOUR),
    steps: stepsWithParams(TOUR, (params) => [
        // no menu: HR lands on the incentive funds
        {
            content: "the home: the funds, none yet",
            trigger: ".o_kanban_view .o_view_nocontent",
        },
        ...(params.activity
            ? seeActivityGroup(
                  "cciaa.performance.cycle",
                  "the OIV's validation left HR an activity on the cycle"
              )
            : []),
        {
            content: "a new fund",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "its name",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: (helpers) => helpers.edit(params.name),
        },
        ...many2oneSteps("cycle_id", params.cycle),
        {
            content: "the amount of the fund",
            trigger: ".o_form_view .o_field_widget[name=amount] input",
            run: `edit ${params.amount}`,
        },
        {
            content: "the limited quota of the maggiorazione",
            trigger: ".o_form_view .o_field_widget[name=quota_pct] input",
            run: `edit ${params.quota}`,
        },
        {
            content: "the category coefficients",
            trigger: ".o_form_view .o_notebook a[name=coefficients]",
            run: "click",
        },
        ...params.categories.flatMap((category) => [
            {
                content: `a coefficient for category ${category}`,
                trigger: ".o_field_widget[name=coefficient_ids] .o_field_x2many_list_row_add a",
                run: "click",
            },
            {
                content: `category ${category} (coefficient: the default)`,
                trigger:
                    ".o_field_widget[name=coefficient_ids] .o_selected_row td[name=category] select",
                // the option's value is the JSON of the selection key
                run: (helpers) => helpers.select(JSON.stringify(category)),
            },
        ]),
        {
            content: "simulate",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_simulate]",
            run: "click",
        },
        status("simulated"),
        {
            content: "the allocation",
            trigger: ".o_form_view .o_notebook a[name=allocation]",
            run: "click",
        },
        {
            content: "one line per evaluated employee",
            trigger: `.o_field_widget[name=allocation_ids] .o_data_row:nth-child(${params.staff})`,
            run() {
                const rows = document.querySelectorAll(
                    ".o_field_widget[name=allocation_ids] .o_data_row"
                );
                if (rows.length !== params.staff) {
                    throw new Error(`${rows.length} allocation lines, not ${params.staff}`);
                }
            },
        },
        {
            content: "the lines add up to the allocated amount",
            trigger: ".o_field_widget[name=allocation_ids] tfoot td.o_list_number:last",
            run() {
                const total = digits(this.anchor.textContent);
                const allocated = digits(
                    document.querySelector(".o_form_view .o_field_widget[name=allocated_amount]")
                        .textContent
                );
                if (!total || total !== allocated) {
                    throw new Error(`lines total ${total}, allocated ${allocated}`);
                }
            },
        },
        {
            content: "confirm the allocation",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "yes: it cannot change afterwards",
            trigger: ".modal footer .btn-primary",
            run: "click",
        },
        status("confirmed"),
        ...(params.activity
            ? [
                  {
                      content: "the payment of the premiums waits in the chatter",
                      trigger: ".o-mail-Chatter .o-mail-Activity",
                  },
              ]
            : []),
        {
            content: "export the payroll XLSX",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_export_payroll]",
            run: "click",
        },
        {
            content: "the fund stays on screen, confirmed",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=confirmed]",
        },
        // back home: the fund's card, confirmed
        ...stepUtils.goToAppSteps(APP, "back to the Performance app"),
        {
            content: "the home holds the confirmed fund",
            trigger: `.o_kanban_record:contains(${quote(params.name)}) .badge:contains(${quote(
                params.confirmed
            )})`,
        },
    ]),
});
