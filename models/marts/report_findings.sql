{#
    One row per report and check — the template identities, the cross-year checks, the
    narrative against the tables, copied text and completeness — with both sides, the
    difference, a verdict and the evidence (cells with their printed text and position).

    status: pass | fail | not_evaluable (a value involved could not be read unambiguously, or a
    cell is missing). severity of a failure: identities are errors, or warnings when blank cells
    (taken as 0) or values we inferred (digit splits, recovered cells, OCR) took part, since
    then the break may be ours; cross-year and narrative checks are warnings; copied text and
    completeness are info. likely_cause says which: extraction, blank_cells or report.

    Incremental (dbt_project.yml): the rows of the checks of one report alone and of the
    cross-year checks are kept between builds, those of the other checks that compare reports
    are rebuilt (macros/by_report.sql).
#}

-- the pre-hook reads it: depends_on: {{ ref('agency_year_pairs') }}

with

indicator_checks as (

    -- readers' indicators beyond their thresholds: shown apart, never errors
    select
        indicator_id as check_id,
        report_id,
        'indicator' as check_family,
        indicator as check_name,
        peer_kind || ' · ' || peer_region_level || ' · ' || report_year as scope,
        comparison,
        rate as lhs,
        threshold as rhs,
        rate - threshold as difference,
        denominator as cells_found,
        1 as cells_expected,
        rate is not null as is_evaluable,
        false as blanks_involved,
        false as inferred_involved,
        false as ambiguous_involved,
        null as compared_report_id,
        coalesce(numerator::varchar, '∅') || ' / ' || coalesce(denominator::varchar, '∅')
        || coalesce(' = ' || printf('%.1f%%', 100 * rate), '')
        || coalesce(
            '; percentile ' || printf('%.0f', 100 * peer_percentile) || ' among ' || peers || ' peers (' || peer_kind
            || ', ' || peer_region_level || ', ' || report_year || ')',
            ''
        ) as evidence,

    from {{ ref('fct_indicators') }}
    where report_id is not null

),

region_hierarchy_checks as (

    -- a region's summary against its member agencies; cells_found/expected carry the coverage
    select
        region_hierarchy_id as check_id,
        report_id,
        'region_hierarchy' as check_family,
        'region_sum' as check_name,
        measure as scope,
        'equal' as comparison,
        summary_value as lhs,
        members_sum as rhs,
        summary_value - members_sum as difference,
        members_present as cells_found,
        members_expected as cells_expected,
        summary_value is not null and members_sum is not null as is_evaluable,
        false as blanks_involved,
        false as inferred_involved,
        false as ambiguous_involved,
        null as compared_report_id,
        'summary ' || coalesce(summary_value::varchar, '∅') || ' vs ' || coalesce(members_sum::varchar, '∅')
        || ' over ' || members_present || ' member reports in region ' || region_code || ' (' || region_level
        || '), '
        || coalesce('coverage ' || members_present || ' of ' || members_expected, 'reporting agencies not known')
            as evidence,

    from {{ ref('fct_region_hierarchy') }}

),

checks as (

    -- checks of one report alone: only the reports the model does not hold (macros/by_report.sql)
    {%- for check_model in per_report_check_models().values() %}
        select * from {{ ref(check_model) }}
        where {{ new_reports_only() }}
        union all by name
    {%- endfor %}
    -- cross-year checks: only the pairs the model does not hold
    select * from {{ ref('continuity_checks') }} as cross_year
    where {{ new_pairs_only('cross_year') }}
    union all by name
    -- checks that compare reports otherwise: all of them, on every build
    select * from {{ ref('text_reuse_checks') }}
    union all by name
    select * from {{ ref('section_2_value_checks') }}
    union all by name
    select * from indicator_checks
    union all by name
    select * from region_hierarchy_checks

),

reports as (

    select * from {{ ref('reports') }}

),

judged as (

    select
        *,
        case
            when not is_evaluable then 'not_evaluable'
            when {{ check_holds() }} then 'pass'
            else 'fail'
        end as status,

    from checks

),

final as (

    select
        judged.check_id,
        judged.report_id,
        -- copied from reports: drop_stale_findings() (macros/by_report.sql) compares these three,
        -- so a column copied here is named there too
        reports.source_file,
        reports.agency_name,
        reports.report_year,
        judged.check_family,
        judged.check_name as identity,
        judged.scope,
        judged.comparison,
        judged.lhs::decimal(18, 4) as lhs,
        judged.rhs::decimal(18, 4) as rhs,
        judged.difference::decimal(18, 4) as difference,
        judged.status,
        case
            when judged.status <> 'fail' then 'info'
            when judged.check_family in ('text_reuse', 'completeness', 'blank_cells', 'indicator') then 'info'
            when judged.check_family = 'fees' and judged.check_name = 'no_fee_statement' then 'info'
            when judged.check_family = 'region_hierarchy'
                then case when judged.cells_found >= judged.cells_expected then 'error' else 'info' end
            when judged.check_family in ('cross_year', 'narrative', 'copied_year', 'split_cell', 'outline', 'fees')
                then 'warning'
            when judged.blanks_involved or judged.inferred_involved then 'warning'
            else 'error'
        end as severity,
        case
            when judged.status <> 'fail' then null
            when judged.check_family = 'indicator' then 'indicator'
            when
                judged.check_family = 'region_hierarchy'
                and judged.cells_found < coalesce(judged.cells_expected, judged.cells_found + 1)
                then 'incomplete_coverage'
            when judged.inferred_involved then 'extraction'
            when judged.blanks_involved then 'blank_cells'
            else 'report'
        end as likely_cause,
        judged.blanks_involved,
        judged.inferred_involved,
        judged.ambiguous_involved,
        judged.cells_found,
        judged.cells_expected,
        judged.compared_report_id,
        judged.evidence,

    from judged
    inner join reports
        on judged.report_id = reports.report_id

)

select * from final
