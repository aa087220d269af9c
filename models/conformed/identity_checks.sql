{#
    The template's identities on every parsed report, one row per report and check.
    Blank cells take part as 0 (blanks_involved says when they did). A check touching a value
    we could not read unambiguously, missing a cell, or whose identity was itself used to read
    the values (digit splits, a recovered cell) is not evaluable. inferred_involved marks values
    we may have misread (OCR, a recovered cell): a break then points at our read first.
    comparison says what must hold between lhs and rhs: equal, or at_most (lhs <= rhs).
    The evidence (cells, printed text, position) is gathered for failing checks only, in
    identity_evidence: gathering it for every check would cost more than the checks.
#}

with

cells as (

    select
        report_id,
        template_version,
        table_key,
        row_key,
        col_key,
        coalesce(value, 0) as value_or_zero,
        value_text,
        source_position,
        is_blank,
        is_uncertain_read as is_inferred,
        is_read_by_identity,
        is_ambiguous,

    from {{ ref('report_values') }}
    where table_key in ('requests', 'review_litigation')
        and not is_derived

),

balance as (

    select
        report_id,
        'balance' as check_name,
        col_key as scope,
        'equal' as comparison,
        sum(value_or_zero) filter (where row_key in ('new_received', 'carried_over')) as lhs,
        sum(value_or_zero) filter (where row_key in ('total_processed', 'carried_forward')) as rhs,
        count(*) as cells_found,
        4 as cells_expected,
        bool_or(is_blank) as blanks_involved,
        bool_or(is_inferred) as inferred_involved,
        bool_or(is_ambiguous) as ambiguous_involved,

    from cells
    where table_key = 'requests'
        and row_key in ('new_received', 'carried_over', 'total_processed', 'carried_forward')
    group by report_id, col_key

),

row_total as (

    select
        report_id,
        'row_total' as check_name,
        row_key as scope,
        'equal' as comparison,
        sum(value_or_zero) filter (where col_key = 'total') as lhs,
        sum(value_or_zero) filter (where col_key <> 'total') as rhs,
        count(*) as cells_found,
        7 as cells_expected,
        bool_or(is_blank) as blanks_involved,
        bool_or(is_inferred) as inferred_involved,
        bool_or(is_ambiguous) or bool_or(is_read_by_identity) as ambiguous_involved,

    from cells
    where table_key = 'requests'
    group by report_id, row_key

),

outcome_total as (

    select
        report_id,
        'outcome_total' as check_name,
        col_key as scope,
        'equal' as comparison,
        sum(value_or_zero) filter (where row_key = 'total_processed') as lhs,
        sum(value_or_zero) filter (where row_key <> 'total_processed') as rhs,
        count(*) as cells_found,
        case when any_value(template_version) = '2021' then 22 else 20 end as cells_expected,
        bool_or(is_blank) as blanks_involved,
        bool_or(is_inferred) as inferred_involved,
        bool_or(is_ambiguous) as ambiguous_involved,

    from cells
    where table_key = 'requests'
        and row_key not in ('new_received', 'carried_over', 'carried_forward')
    group by report_id, col_key

),

review_total as (

    select
        report_id,
        'review_total' as check_name,
        row_key as scope,
        'equal' as comparison,
        sum(value_or_zero) filter (where col_key = 'total') as lhs,
        sum(value_or_zero) filter (where col_key <> 'total') as rhs,
        count(*) as cells_found,
        5 as cells_expected,
        bool_or(is_blank) as blanks_involved,
        bool_or(is_inferred) as inferred_involved,
        bool_or(is_ambiguous) or bool_or(is_read_by_identity) as ambiguous_involved,

    from cells
    where table_key = 'review_litigation'
    group by report_id, row_key

),

corrected_within_total as (

    select
        report_id,
        'corrected_within_total' as check_name,
        row_key as scope,
        'at_most' as comparison,
        sum(value_or_zero) filter (where col_key = 'corrected') as lhs,
        sum(value_or_zero) filter (where col_key = 'total') as rhs,
        count(*) as cells_found,
        2 as cells_expected,
        bool_or(is_blank) as blanks_involved,
        bool_or(is_inferred) as inferred_involved,
        bool_or(is_ambiguous) as ambiguous_involved,

    from cells
    where table_key = 'review_litigation'
        and col_key in ('corrected', 'total')
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
    union all
    select * from corrected_within_total

),

final as (

    select
        report_id || '.' || check_name || '.' || scope as check_id,
        report_id,
        'identity' as check_family,
        check_name,
        scope,
        comparison,
        lhs,
        rhs,
        lhs - rhs as difference,
        cells_found,
        cells_expected,
        not ambiguous_involved and cells_found = cells_expected as is_evaluable,
        blanks_involved,
        inferred_involved,
        ambiguous_involved,
        null as compared_report_id,

    from unioned

)

select * from final
