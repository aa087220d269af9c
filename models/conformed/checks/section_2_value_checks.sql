{#
    Every printed cell of section 二 (proactive disclosure), typed and checked:
      typed_values   a count is a whole number, at least 0 unless its column is signed
                     (template_items.may_be_negative: 本年增/减); money is a number. Text that
                     is no number (not a blank mark such as / or —) counts as a bad cell.
      money_unit     an amount in 万元 above var('ogi_plausible_max_wan_yuan') for a report
                     that covers one body (scope not region, not a people's government): the
                     number is plausible only in 元, a probable unit error.
    Blank cells and blank marks (/, —) are recorded as blank (report_values.is_blank), never as
    0, and named in the evidence. Cells of a digit run we could not split (ambiguous) are not
    judged. Errors, or warnings when a value we inferred (OCR) is among the bad cells.
#}

with

reports as (

    select * from {{ ref('reports') }}
    where is_parsed

),

agencies as (

    select * from {{ ref('agencies') }}

),

items as (

    select * from {{ ref('template_items') }}

),

cells as (

    -- the columns the checks read, not report_values.*: typed is read twice, so DuckDB keeps it
    select
        report_values.report_id,
        report_values.row_key,
        report_values.col_key,
        report_values.row_order,
        report_values.col_order,
        report_values.value,
        report_values.value_type,
        report_values.value_text,
        report_values.is_blank,
        report_values.is_uncertain_read,
        report_values.source_position,
        coalesce(items.may_be_negative, false) as may_be_negative,
        report_values.value_text is not null
        and trim(report_values.value_text) <> ''
        and report_values.is_blank as is_blank_mark,

    from {{ ref('report_values') }} as report_values
    left join items
        on report_values.template_item_id = items.template_item_id
    where
        report_values.table_key = 'proactive'
        and not report_values.is_derived
        and not report_values.is_ambiguous

),

typed as (

    select
        *,
        case
            when is_blank then null
            when value is null then 'not a number'
            when value_type = 'count' and value <> round(value) then 'not a whole number'
            when value < 0 and not may_be_negative then 'negative'
        end as problem,

    from cells

),

typed_values as (

    select
        report_id,
        'typed_values' as check_name,
        'section_2' as scope,
        count(*) filter (where problem is not null) as lhs,
        0 as rhs,
        count(*) as cells_found,
        bool_or(is_uncertain_read) filter (where problem is not null) as inferred_involved,
        coalesce(
            string_agg(
                row_key || '.' || col_key || '=' || value_text || ' (' || problem || ') @'
                || coalesce(source_position, '?'),
                '; ' order by row_order, col_order
            ) filter (where problem is not null) || ' · ',
            ''
        )
        || count(*) filter (where not is_blank) || ' cells read, '
        || count(*) filter (where is_blank and not is_blank_mark) || ' empty, '
        || count(*) filter (where is_blank_mark) || ' blank marks'
        || coalesce(
            ' (' || string_agg(distinct trim(value_text), ' ') filter (where is_blank_mark) || ')', ''
        ) as evidence,

    from typed
    group by report_id

),

money_unit as (

    select
        typed.report_id,
        'money_unit' as check_name,
        'section_2_money' as scope,
        count(*) filter (
            where typed.value > {{ var('ogi_plausible_max_wan_yuan') }}
        ) as lhs,
        0 as rhs,
        count(*) as cells_found,
        bool_or(typed.is_uncertain_read) as inferred_involved,
        coalesce(
            string_agg(
                typed.row_key || '.' || typed.col_key || '=' || typed.value_text
                || ' (' || typed.value || ' 万元 = ' || (typed.value * 10000)::bigint || ' 元) @'
                || coalesce(typed.source_position, '?'),
                '; ' order by typed.row_order
            ) filter (where typed.value > {{ var('ogi_plausible_max_wan_yuan') }}),
            count(*) || ' amounts, all at most {{ var("ogi_plausible_max_wan_yuan") }} 万元'
        ) as evidence,

    from typed
    inner join reports
        on typed.report_id = reports.report_id
    left join agencies
        on reports.agency_id = agencies.agency_id
    where
        typed.value_type = 'money'
        and typed.value is not null
        and reports.report_scope <> 'region'
        and coalesce(agencies.agency_kind, '') <> 'people_government'
    group by typed.report_id

),

checks as (

    select * from typed_values
    union all
    select * from money_unit

),

final as (

    select
        report_id || '.section_2.' || check_name as check_id,
        report_id,
        'section_2_values' as check_family,
        check_name,
        scope,
        'equal' as comparison,
        lhs,
        rhs,
        cells_found,
        cells_found as cells_expected,
        true as is_evaluable,
        false as blanks_involved,
        coalesce(inferred_involved, false) as inferred_involved,
        false as ambiguous_involved,
        null as compared_report_id,
        evidence,

    from checks

)

select {{ check_columns() }} from final
