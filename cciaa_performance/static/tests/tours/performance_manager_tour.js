/**
 * Performance manager: lands on the monitoring home (empty: no cycle in
 * progress), imports a cycle through the wizard. A broken workbook
 * shows the error list (and writes nothing); the good one imports and opens
 * the new cycle, whose campaigns the home then shows (kanban, calendar of the
 * deadlines). The test (tests/test_tours.py) stores both files as
 * attachments of the tour's user.
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { APP, openMenu, uploadAttachment } from "./cciaa_tour_utils";

function importSteps(attachmentName) {
    return [
        ...openMenu(
            "cciaa_performance.menu_cciaa_configuration",
            "cciaa_performance.menu_cciaa_import"
        ),
        {
            content: "the wizard asks for a file",
            trigger: ".modal .o_field_widget[name=file] .o_select_file_button",
        },
        {
            content: `choose ${attachmentName}`,
            trigger: ".modal .o_field_widget[name=file]",
            run: () => uploadAttachment(".modal .o_field_widget[name=file]", attachmentName),
        },
        {
            content: "the file is loaded in the field",
            trigger: ".modal .o_field_widget[name=file] .o_clear_file_button",
        },
        {
            content: "import",
            trigger: ".modal footer button[name=action_import]",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("cciaa_performance_manager_tour", {
    url: "/odoo",
    steps: () => [
        // no menu: the manager lands on the monitoring of the cycles in
        // progress, none yet in this chamber
        {
            content: "the home: no cycle in progress yet",
            trigger: ".o_kanban_view .o_view_nocontent",
        },
        ...importSteps("cciaa_tour_broken.xlsx"),
        {
            content: "the error list names the sheet and the column of the error",
            trigger:
                ".modal .o_field_widget[name=report] table tr:has(td:contains(aree)):has(td:contains(peso))",
        },
        {
            content: "no cycle to open after a failed import",
            trigger: ".modal footer:not(:has(button[name=action_open_cycle]))",
        },
        {
            content: "close the wizard",
            trigger: ".modal footer button.btn-secondary",
            run: "click",
        },
        {
            content: "the wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
        ...importSteps("cciaa_tour_good.xlsx"),
        {
            content: "the import succeeds (the whole 2019 cycle: allow time)",
            trigger: ".modal footer button[name=action_open_cycle]",
            timeout: 60000,
            run: "click",
        },
        {
            content: "the imported cycle opens with its strategic areas",
            trigger: ".o_form_view .o_field_widget[name=area_ids] .o_data_row",
        },
        {
            content: "and its Ente result",
            trigger: ".o_form_view .o_field_widget[name=ente_score]:not(:empty)",
        },
        // back home: the new cycle's campaigns are monitored there
        ...stepUtils.goToAppSteps(APP, "back to the Performance app"),
        {
            content: "the home holds the campaigns of the imported cycle",
            trigger: ".o_kanban_view .o_kanban_record [name=deadline]",
        },
        {
            content: "their deadlines in the calendar",
            trigger: ".o_control_panel .o_switch_view.o_calendar",
            run: "click",
        },
        {
            content: "the calendar of the deadlines",
            trigger: ".o_calendar_view .o_calendar_renderer",
        },
    ],
});
