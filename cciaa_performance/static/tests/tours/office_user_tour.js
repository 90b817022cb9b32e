/**
 * Office user: lands on their home, the data-entry screen of the open
 * quadrimester (rows still to fill highlighted). Fills a ratio
 * (numerator and denominator), a count and a completion date of their unit,
 * attaches the evidence, sees the year-to-date figures follow the keyboard,
 * saves; the screen holds their unit's rows only.
 *
 * Parameters (tests/test_tours.py): `rows` to fill, in order, each with the
 * indicator code, parameter name, field, text to type and the expected
 * year-to-date result/achievement once typed; `evidence` (row and file);
 * `visible_rows`, the number of rows the screen must hold.
 */

import { registry } from "@web/core/registry";
import {
    checkText,
    loadParams,
    quote,
    seeActivityGroup,
    stepsWithParams,
    uploadAttachment,
} from "./cciaa_tour_utils";

const TOUR = "cciaa_office_user_tour";

export function measurementRow(row) {
    let selector = `.o_data_row:has(td[name=indicator_id]:contains(${quote(row.code + " ")}))`;
    if (row.parameter) {
        selector += `:has(td[name=parameter_name]:contains(${quote(row.parameter)}))`;
    }
    return selector;
}

function fillRow(row) {
    const tr = measurementRow(row);
    const steps = [
        {
            content: `${row.code} ${row.parameter || ""}: select the cell`,
            trigger: `${tr} td[name=${row.field}]`,
            run: "click",
        },
        {
            content: `${row.code} ${row.parameter || ""}: type ${row.text}`,
            trigger: `${tr}.o_selected_row td[name=${row.field}] input`,
            run: `edit ${row.text} && press Tab`,
        },
    ];
    if (row.ytd_result) {
        steps.push(
            checkText(
                `${row.code}: the year-to-date result follows the keyboard`,
                `${tr} td[name=ytd_result]`,
                row.ytd_result
            )
        );
    }
    if (row.ytd_achievement) {
        steps.push(
            checkText(
                `${row.code}: and the year-to-date achievement`,
                `${tr} td[name=ytd_achievement]`,
                row.ytd_achievement
            )
        );
    }
    return steps;
}

registry.category("web_tour.tours").add(TOUR, {
    url: "/odoo",
    wait_for: loadParams(TOUR),
    steps: stepsWithParams(TOUR, (params) => {
        const evidenceRow = measurementRow(params.evidence.row);
        return [
            // no menu: the office user lands on the data entry of the open
            // quadrimester (their Home Action)
            ...seeActivityGroup(
                "cciaa.performance.campaign",
                "the campaign's reminder: enter the monitoring data"
            ),
            {
                content: "the home: the rows still to fill are highlighted",
                trigger: ".o_list_view .o_data_row.text-warning.fw-bold",
            },
            checkText(
                "the screen holds the rows of the user's unit only",
                ".o_control_panel .o_pager_limit",
                params.visible_rows
            ),
            ...params.rows.flatMap(fillRow),
            {
                content: "select the row of the evidence",
                trigger: `${evidenceRow} td[name=note]`,
                run: "click",
            },
            {
                content: "attach the evidence",
                trigger: `${evidenceRow}.o_selected_row td[name=attachment_ids] .o_attach`,
                run: () =>
                    uploadAttachment(
                        `${evidenceRow}.o_selected_row td[name=attachment_ids]`,
                        params.evidence.file
                    ),
            },
            {
                content: "the evidence is uploaded",
                trigger: `${evidenceRow} td[name=attachment_ids] .o_attachment:contains(${quote(
                    params.evidence.file
                )}):not(.o_attachment_uploading)`,
            },
            {
                content: "save",
                trigger: ".o_control_panel .o_list_button_save",
                run: "click",
            },
            {
                content: "saved: no row in edition",
                trigger: ".o_list_view:not(:has(.o_selected_row))",
            },
            ...params.rows
                .filter((row) => row.ytd_result)
                .map((row) =>
                    checkText(
                        `${row.code}: the saved year-to-date result`,
                        `${measurementRow(row)} td[name=ytd_result]`,
                        row.ytd_result
                    )
                ),
            checkText(
                "still the user's unit only",
                ".o_control_panel .o_pager_limit",
                params.visible_rows
            ),
        ];
    }),
});
