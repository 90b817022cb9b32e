/**
 * Segretario Generale: lands on the dashboard of the cycle; opens from the
 * systray the activity that a P.O.'s presa visione left them (the evaluation
 * of the P.O.'s scheda, due once the year is over) and reads it on the
 * scheda; back on the dashboard, closes the open quadrimester; a closed value
 * refuses editing; reopens the quadrimester with a written reason; sets the
 * motivated evaluation of OS 3.2; recomputes and opens the Ente result with
 * its explanation; back on the dashboard, the year's Ente figure and its
 * trend.
 *
 * Parameters (tests/test_tours.py): `activity` (the P.O. of the scheda, the
 * activity's summary in the SG's language), `campaign_deadline` (the open
 * campaign's row), `locked` (indicator code, value as shown, value the SG
 * tries), `reason`, `override` (objective code, value, motivation),
 * `ente_score`.
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

const TOUR = "cciaa_sg_tour";

function campaignStatus(state) {
    return {
        content: `the campaign is ${state}`,
        trigger: `.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=${state}]`,
    };
}

registry.category("web_tour.tours").add(TOUR, {
    url: "/odoo",
    wait_for: loadParams(TOUR),
    steps: stepsWithParams(TOUR, (params) => {
        const lockedRow = `.o_data_row:has(td[name=indicator_id]:contains(${quote(
            params.locked.code + " "
        )}))`;
        return [
            // no menu: the SG lands on the dashboard of the cycle in progress
            {
                content: "the home: the dashboard of the cycle",
                trigger: ".o_form_view button[name=action_home_trend]",
            },
            // the P.O.'s presa visione handed the SG the evaluation of the scheda
            ...openActivityGroup("cciaa.performance.scheda", "the schede waiting for me"),
            {
                content: "open the scheda of the P.O.",
                trigger: `.o_kanban_record:contains(${quote(params.activity.employee)})`,
                run: "click",
            },
            {
                content: "the P.O. has taken note of the objectives",
                trigger:
                    ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=acknowledged]",
            },
            {
                content: "the activity of the scheda: its evaluation is due",
                trigger: `.o-mail-Chatter .o-mail-Activity-info:contains(${quote(
                    params.activity.summary
                )})`,
            },
            // the evaluation waits for the year's results: back to the dashboard
            ...stepUtils.goToAppSteps(APP, "back to the Performance app"),
            {
                content: "the dashboard of the cycle again",
                trigger: ".o_form_view button[name=action_home_trend]",
            },
            {
                content: "its open campaigns",
                trigger: ".o_form_view button[name=action_open_campaigns]",
                run: "click",
            },
            {
                content: "open the campaign of the open quadrimester",
                trigger: `.o_data_row td[name=deadline]:contains(${quote(
                    params.campaign_deadline
                )})`,
                run: "click",
            },
            campaignStatus("open"),
            {
                content: "close the quadrimester",
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_close]",
                run: "click",
            },
            {
                content: "confirm: closing locks the data for everybody",
                trigger: ".modal footer .btn-primary",
                run: "click",
            },
            campaignStatus("closed"),
            {
                content: "open the quadrimester's measurements",
                trigger: ".o_form_view button[name=action_open_measurements]",
                run: "click",
            },
            {
                content: `look for ${params.locked.code}`,
                trigger: ".o_control_panel .o_searchview_input",
                run: `edit ${params.locked.code} && press Enter`,
            },
            {
                content: "the search is applied",
                trigger: ".o_control_panel .o_searchview_facet",
            },
            {
                content: `the list holds ${params.locked.code} only`,
                trigger: `.o_list_view:has(${lockedRow}):not(:has(.o_data_row:not(${lockedRow})))`,
            },
            {
                content: "edit the closed value",
                trigger: `${lockedRow} td[name=value]`,
                run: "click",
            },
            {
                content: "type another value",
                trigger: `${lockedRow}.o_selected_row td[name=value] input`,
                run: `edit ${params.locked.attempt}`,
            },
            {
                content: "save",
                trigger: ".o_control_panel .o_list_button_save",
                run: "click",
            },
            {
                content: "refused: the quadrimester is closed",
                trigger: ".modal .o_error_dialog",
            },
            {
                content: "close the message",
                trigger: ".modal footer .o-default-button",
                run: "click",
            },
            {
                content: "discard the change",
                trigger: ".o_control_panel .o_list_button_discard",
                run: "click",
            },
            checkText(
                "the closed value is unchanged",
                `${lockedRow} td[name=value]`,
                params.locked.shown
            ),
            {
                content: "back to the campaign",
                trigger: ".o_breadcrumb .breadcrumb-item.o_back_button",
                run: "click",
            },
            {
                content: "reopen",
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_reopen]",
                run: "click",
            },
            {
                content: "write the reason",
                trigger: ".modal .o_field_widget[name=reason] textarea",
                run: (helpers) => helpers.edit(params.reason),
            },
            {
                content: "confirm the reopening",
                trigger: ".modal footer button[name=action_reopen]",
                run: "click",
            },
            campaignStatus("open"),
            checkText(
                "the reason is recorded on the campaign",
                ".o_form_view .o_field_widget[name=last_reopen_reason]",
                params.reason
            ),
            // the motivated evaluation of OS 3.2
            ...openMenu(
                "cciaa_performance.menu_cciaa_plan",
                "cciaa_performance.menu_cciaa_strategic"
            ),
            {
                content: `unfold area ${params.override.area} (the list is grouped by area)`,
                trigger: `.o_group_header:contains(${quote(params.override.area + " ")})`,
                run: "click",
            },
            {
                content: `open objective ${params.override.code}`,
                trigger: `.o_data_row td[name=code]:contains(${quote(params.override.code)})`,
                run: "click",
            },
            {
                content: "the overrides tab",
                trigger: ".o_form_view .o_notebook a[name=overrides]",
                run: "click",
            },
            {
                content: "add an override",
                trigger: ".o_field_widget[name=override_ids] .o_field_x2many_list_row_add a",
                run: "click",
            },
            {
                content: "the objective's %",
                trigger: ".o_field_widget[name=override_ids] .o_selected_row td[name=value] input",
                run: `edit ${params.override.value}`,
            },
            {
                content: "the motivation",
                trigger:
                    ".o_field_widget[name=override_ids] .o_selected_row td[name=motivation] textarea",
                run: (helpers) => helpers.edit(params.override.motivation),
            },
            {
                content: "save the objective",
                trigger: ".o_form_view .o_form_button_save",
                run: "click",
            },
            {
                content: "saved",
                trigger: ".o_form_view .o_form_saved",
            },
            // recompute, then the Ente result and how it was computed
            ...openMenu("cciaa_performance.menu_cciaa_plan", "cciaa_performance.menu_cciaa_cycle"),
            {
                content: "open the cycle",
                trigger: ".o_data_row td[name=year]",
                run: "click",
            },
            {
                content: "recompute the results",
                trigger: ".o_form_view .o_statusbar_buttons button[name=action_recompute]",
                run: "click",
            },
            checkText(
                "the Ente figure of the cycle",
                ".o_form_view .o_field_widget[name=ente_score]",
                params.ente_score
            ),
            {
                content: "open the results",
                trigger: ".o_form_view button[name=action_open_results]",
                run: "click",
            },
            checkText(
                "the Ente result",
                `.o_data_row:has(td[name=code]:contains(${quote(
                    params.ente_code
                )})) td[name=score]`,
                params.ente_score
            ),
            {
                content: "how was it computed?",
                trigger: `.o_data_row:has(td[name=code]:contains(${quote(
                    params.ente_code
                )})) button[name=action_explain]`,
                run: "click",
            },
            {
                content: "the explanation: weighted mean of the areas",
                trigger: ".modal .o_field_widget[name=explanation_html] .o_cciaa_explanation li",
            },
            checkText(
                "with the Ente figure",
                ".modal .o_field_widget[name=score]",
                params.ente_score
            ),
            {
                content: "close the explanation",
                trigger: ".modal .btn-close",
                run: "click",
            },
            // the app opens on the dashboard, now with the year's figure
            ...stepUtils.goToAppSteps(APP, "back to the Performance app"),
            checkText(
                "the dashboard's Ente figure",
                ".o_form_view .o_field_widget[name=ente_score]",
                params.ente_score
            ),
            {
                content: "the trend by quadrimester, up to the III",
                trigger: `.o_form_view .o_field_widget[name=home_trend]:contains(${quote(
                    params.trend_last
                )})`,
            },
            {
                content: "the trend as a chart",
                trigger: ".o_form_view button[name=action_home_trend]",
                run: "click",
            },
            {
                content: "the line chart of the Ente and the areas",
                trigger: ".o_graph_view canvas",
            },
        ];
    }),
});
