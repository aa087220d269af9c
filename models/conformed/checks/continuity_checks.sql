{#
    Across years, same agency: each report chosen for an agency-year against the agency's report
    of the year before, by the checks of the template_cross_year_checks seed (generated from
    extract/template.py; no row or column of the template is named here):
    - continuity: 上年结转 of year Y = 结转下年度继续办理 of year Y−1, per applicant column;
    - in_force (template 2021, both years): 现行有效件数(Y) = 现行有效件数(Y−1) + 本年制发(Y) − 本年废止(Y);
    - request_volume_jump: 本年新收 总计 moved more than five-fold against the year before
      (only when either year has 20 requests or more).
    A check is made when both years have at least one of its cells. Members whose blank_means
    is 'zero' count a blank as 0 (blanks_involved); 'absent' leaves blank cells out.
#}

with

definitions as (

    select * from {{ ref('template_cross_year_checks') }}

),

pairs as (

    select * from {{ ref('agency_year_pairs') }} as pairs
    where {{ new_pairs_only('pairs') }}

),

report_pairs as (

    -- every report the check reads: the checked report (offset 0) and the year before (−1)
    select
        pairs.report_id,
        pairs.compared_report_id,
        offsets.year_offset,
        case offsets.year_offset when 0 then pairs.report_id else pairs.compared_report_id end as read_report_id,
        pairs.report_year + offsets.year_offset as read_year,

    from pairs
    cross join (values (0), (-1)) as offsets (year_offset)

),

members as (

    select
        report_pairs.report_id,
        report_pairs.compared_report_id,
        report_pairs.read_year,
        definitions.check_name,
        definitions.scope,
        definitions.comparison,
        definitions.member_order,
        definitions.year_offset,
        definitions.side,
        definitions.evidence_label,
        definitions.sign * coalesce(report_values.value, 0) as signed_value,
        report_values.value_text,
        report_values.source_position,
        report_values.is_blank,
        report_values.is_uncertain_read,
        report_values.is_ambiguous,

    from report_pairs
    inner join definitions
        on report_pairs.year_offset = definitions.year_offset
    inner join {{ ref('report_values') }} as report_values
        on
            report_pairs.read_report_id = report_values.report_id
            and definitions.table_key = report_values.table_key
            and definitions.row_key = report_values.row_key
            and definitions.col_key = report_values.col_key
    where definitions.blank_means = 'zero' or report_values.value is not null

),

evaluated as (

    select
        report_id,
        check_name,
        scope,
        any_value(comparison) as comparison,
        any_value(compared_report_id) as compared_report_id,
        sum(signed_value) filter (where side = 'lhs') as lhs,
        sum(signed_value) filter (where side = 'rhs') as rhs,
        bool_or(is_blank) as blanks_involved,
        bool_or(is_uncertain_read) as inferred_involved,
        bool_or(is_ambiguous) as ambiguous_involved,
        string_agg(
            read_year || ' ' || evidence_label || '=' || coalesce(nullif(value_text, ''), '∅')
            || ' @' || coalesce(source_position, '?'),
            '; ' order by member_order
        ) as evidence,

    from members
    group by report_id, check_name, scope
    -- both years read (a distinct count of year_offset took a fifth longer)
    having bool_or(year_offset = 0) and bool_or(year_offset = -1)

),

final as (

    select
        report_id || '.' || check_name || '.' || scope as check_id,
        report_id,
        'cross_year' as check_family,
        check_name,
        scope,
        comparison,
        lhs,
        rhs,
        1 as cells_found,
        1 as cells_expected,
        not ambiguous_involved as is_evaluable,
        blanks_involved,
        inferred_involved,
        ambiguous_involved,
        compared_report_id,
        evidence,

    from evaluated

)

select {{ check_columns() }} from final
