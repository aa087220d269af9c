{#
    Across years, same agency (the report chosen for each agency-year):
    - continuity: 上年结转 of year Y = 结转下年度继续办理 of year Y−1, per applicant column;
    - in_force (template 2021, both years): 现行有效件数(Y) = 现行有效件数(Y−1) + 本年制发(Y) − 本年废止(Y);
    - request_volume_jump: 本年新收 总计 moved more than five-fold against the year before
      (only when either year has 20 requests or more).
#}

with

current_reports as (

    select * from {{ ref('agency_year_reports') }}
    where is_current

),

values_by_year as (

    select
        current_reports.agency_id,
        current_reports.report_year,
        report_values.report_id,
        report_values.template_version,
        report_values.table_key,
        report_values.row_key,
        report_values.col_key,
        report_values.value,
        report_values.value_text,
        report_values.source_position,
        report_values.is_blank,
        report_values.is_uncertain_read as is_inferred,
        report_values.is_ambiguous,

    from {{ ref('report_values') }} as report_values
    inner join current_reports
        on report_values.report_id = current_reports.report_id

),

this_year as (

    select * from values_by_year

),

last_year as (

    select * from values_by_year

),

continuity as (

    select
        this_year.report_id,
        'continuity' as check_name,
        this_year.col_key as scope,
        'equal' as comparison,
        coalesce(this_year.value, 0) as lhs,
        coalesce(last_year.value, 0) as rhs,
        this_year.is_blank or last_year.is_blank as blanks_involved,
        this_year.is_inferred or last_year.is_inferred as inferred_involved,
        this_year.is_ambiguous or last_year.is_ambiguous as ambiguous_involved,
        last_year.report_id as compared_report_id,
        this_year.report_year
        || ' 上年结转='
        || coalesce(nullif(this_year.value_text, ''), '∅')
        || ' @'
        || this_year.source_position
        || '; '
        || last_year.report_year
        || ' 结转下年度='
        || coalesce(nullif(last_year.value_text, ''), '∅')
        || ' @'
        || last_year.source_position
            as evidence,

    from this_year
    inner join last_year
        on
            this_year.agency_id = last_year.agency_id
            and this_year.report_year = last_year.report_year + 1
            and this_year.col_key = last_year.col_key
    where
        this_year.table_key = 'requests' and this_year.row_key = 'carried_over'
        and last_year.table_key = 'requests' and last_year.row_key = 'carried_forward'

),

documents_2021 as (

    select
        agency_id,
        report_year,
        report_id,
        row_key,
        max(value) filter (where col_key = 'issued') as issued,
        max(value) filter (where col_key = 'repealed') as repealed,
        max(value) filter (where col_key = 'in_force') as in_force,
        bool_or(is_blank) as blanks_involved,
        bool_or(is_inferred) as inferred_involved,
        bool_or(is_ambiguous) as ambiguous_involved,
        {{ evidence_of() }} as evidence,

    from values_by_year
    where
        template_version = '2021'
        and table_key = 'proactive'
        and row_key in ('regulations', 'normative_documents')
    group by agency_id, report_year, report_id, row_key

),

in_force as (

    select
        this_year.report_id,
        'in_force' as check_name,
        this_year.row_key as scope,
        'equal' as comparison,
        coalesce(this_year.in_force, 0) as lhs,
        coalesce(last_year.in_force, 0) + coalesce(this_year.issued, 0) - coalesce(this_year.repealed, 0) as rhs,
        this_year.blanks_involved or last_year.blanks_involved as blanks_involved,
        this_year.inferred_involved or last_year.inferred_involved as inferred_involved,
        this_year.ambiguous_involved or last_year.ambiguous_involved as ambiguous_involved,
        last_year.report_id as compared_report_id,
        this_year.report_year
        || ': '
        || this_year.evidence
        || ' | '
        || last_year.report_year
        || ': '
        || last_year.evidence as evidence,

    from documents_2021 as this_year
    inner join documents_2021 as last_year
        on
            this_year.agency_id = last_year.agency_id
            and this_year.report_year = last_year.report_year + 1
            and this_year.row_key = last_year.row_key

),

volume_jump as (

    select
        this_year.report_id,
        'request_volume_jump' as check_name,
        'new_received.total' as scope,
        'within_5x' as comparison,
        this_year.value as lhs,
        last_year.value as rhs,
        false as blanks_involved,
        this_year.is_inferred or last_year.is_inferred as inferred_involved,
        this_year.is_ambiguous or last_year.is_ambiguous as ambiguous_involved,
        last_year.report_id as compared_report_id,
        this_year.report_year || ' 本年新收=' || this_year.value_text || ' @' || this_year.source_position
        || '; ' || last_year.report_year || ' 本年新收=' || last_year.value_text || ' @' || last_year.source_position
            as evidence,

    from this_year
    inner join last_year
        on
            this_year.agency_id = last_year.agency_id
            and this_year.report_year = last_year.report_year + 1
    where
        this_year.table_key = 'requests' and this_year.row_key = 'new_received' and this_year.col_key = 'total'
        and last_year.table_key = 'requests' and last_year.row_key = 'new_received' and last_year.col_key = 'total'
        and this_year.value is not null and last_year.value is not null

),

unioned as (

    select * from continuity
    union all
    select * from in_force
    union all
    select * from volume_jump

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
        lhs - rhs as difference,
        1 as cells_found,
        1 as cells_expected,
        not ambiguous_involved as is_evaluable,
        blanks_involved,
        inferred_involved,
        ambiguous_involved,
        compared_report_id,
        evidence,

    from unioned

)

select * from final
