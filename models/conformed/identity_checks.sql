{#
    The template's identities, evaluated on every parsed report: one row per report and check.
    Blank cells take part as 0 (blanks_involved says when they did). A check that touches a
    value we could not read unambiguously is not evaluable.
#}

with

requests as (

    select
        report_id,
        template_version,
        row_key,
        col_key,
        coalesce(value, 0) as value_or_zero,
        is_blank,
        is_inferred,
        is_ambiguous,
        is_derived,
        source_position,

    from {{ ref('report_values') }}
    where table_key = 'requests'

),

review as (

    select
        report_id,
        row_key,
        col_key,
        coalesce(value, 0) as value_or_zero,
        is_blank,
        is_inferred,
        is_ambiguous,
        source_position,

    from {{ ref('report_values') }}
    where table_key = 'review_litigation'

),

balance as (

    select
        report_id,
        'balance' as identity,
        col_key as scope,
        sum(value_or_zero) filter (where row_key in ('new_received', 'carried_over')) as lhs,
        sum(value_or_zero) filter (where row_key in ('total_processed', 'carried_forward')) as rhs,
        count(*) filter (where row_key in ('new_received', 'carried_over', 'total_processed', 'carried_forward')) as cells_found,
        4 as cells_expected,
        bool_or(is_blank) as blanks_involved,
        bool_or(is_inferred) as inferred_involved,
        bool_or(is_ambiguous) as ambiguous_involved,

    from requests
    where row_key in ('new_received', 'carried_over', 'total_processed', 'carried_forward')
    group by report_id, col_key

),

row_total as (

    select
        report_id,
        'row_total' as identity,
        row_key as scope,
        sum(value_or_zero) filter (where col_key = 'total') as lhs,
        sum(value_or_zero) filter (where col_key <> 'total') as rhs,
        count(*) as cells_found,
        7 as cells_expected,
        bool_or(is_blank) as blanks_involved,
        bool_or(is_inferred) as inferred_involved,
        bool_or(is_ambiguous) as ambiguous_involved,

    from requests
    where not is_derived
    group by report_id, row_key

),

outcome_total as (

    select
        report_id,
        'outcome_total' as identity,
        col_key as scope,
        sum(value_or_zero) filter (where row_key = 'total_processed') as lhs,
        sum(value_or_zero) filter (
            where row_key not in ('new_received', 'carried_over', 'total_processed', 'carried_forward')
        ) as rhs,
        count(*) as cells_found,
        case when any_value(template_version) = '2021' then 22 else 20 end as cells_expected,
        bool_or(is_blank) as blanks_involved,
        bool_or(is_inferred) as inferred_involved,
        bool_or(is_ambiguous) as ambiguous_involved,

    from requests
    where not is_derived
        and row_key not in ('new_received', 'carried_over', 'carried_forward')
    group by report_id, col_key

),

review_total as (

    select
        report_id,
        'review_total' as identity,
        row_key as scope,
        sum(value_or_zero) filter (where col_key = 'total') as lhs,
        sum(value_or_zero) filter (where col_key <> 'total') as rhs,
        count(*) as cells_found,
        5 as cells_expected,
        bool_or(is_blank) as blanks_involved,
        bool_or(is_inferred) as inferred_involved,
        bool_or(is_ambiguous) as ambiguous_involved,

    from review
    group by report_id, row_key

),

unioned as (

    select * from balance
    union all
    select * from row_total
    union all
    select * from outcome_total
    union all
    select * from review_total

),

final as (

    select
        report_id || '.' || identity || '.' || scope as check_id,
        report_id,
        identity,
        scope,
        lhs,
        rhs,
        lhs - rhs as difference,
        cells_found,
        cells_expected,
        blanks_involved,
        inferred_involved,
        ambiguous_involved,
        not ambiguous_involved and cells_found = cells_expected as is_evaluable,

    from unioned

)

select * from final
