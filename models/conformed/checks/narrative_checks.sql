{#
    Figures the narrative states against the tables: 共受理申请N件 against 本年新收 总计, 答复N件
    against （七）总计, 行政复议N件 against section 四, and so on. The table side is the printed
    总计, or the sum of the applicant columns when the 总计 cell is blank (blanks_involved).
    Soft: prose rounds, counts differently, or summarises a wider scope.
#}

with

figures as (

    select * from {{ ref('stg_raw__narrative_figures') }}

),

request_rows as (

    select
        report_id,
        row_key,
        coalesce(
            max(value) filter (where col_key = 'total'),
            sum(value) filter (where col_key <> 'total')
        ) as row_value,
        bool_or(is_blank and col_key = 'total') as total_blank,
        bool_or(is_uncertain_read) as inferred_involved,
        bool_or(is_ambiguous) as ambiguous_involved,
        {{ evidence_of() }} as evidence,

    from {{ ref('report_values') }}
    where table_key = 'requests' and not is_derived
    group by report_id, row_key

),

review_totals as (

    select
        report_id,
        sum(coalesce(value, 0)) filter (where row_key = 'reconsideration') as reconsideration,
        sum(coalesce(value, 0)) filter (where row_key <> 'reconsideration') as litigation,
        bool_or(is_blank) as blanks_involved,
        bool_or(is_uncertain_read) as inferred_involved,
        bool_or(is_ambiguous) as ambiguous_involved,
        {{ evidence_of() }} as evidence,

    from {{ ref('report_values') }}
    where table_key = 'review_litigation' and col_key = 'total'
    group by report_id

),

table_side as (

    select
        report_id,
        case row_key
            when 'granted' then 'granted_or_partial' when 'partially_granted' then 'granted_or_partial' else row_key
        end as figure_key,
        sum(row_value) as table_value,
        bool_or(total_blank) as blanks_involved,
        bool_or(inferred_involved) as inferred_involved,
        bool_or(ambiguous_involved) as ambiguous_involved,
        string_agg(evidence, '; ') as evidence,

    from request_rows
    group by all

    union all

    select
        report_id,
        'reconsideration' as figure_key,
        reconsideration as table_value,
        blanks_involved,
        inferred_involved,
        ambiguous_involved,
        evidence
    from review_totals

    union all

    select
        report_id,
        'litigation' as figure_key,
        litigation as table_value,
        blanks_involved,
        inferred_involved,
        ambiguous_involved,
        evidence
    from review_totals

),

final as (

    select
        figures.report_id || '.narrative.' || figures.figure_key as check_id,
        figures.report_id,
        'narrative' as check_family,
        'narrative_' || figures.figure_key as check_name,
        figures.figure_key as scope,
        'equal' as comparison,
        figures.figure_value as lhs,
        table_side.table_value as rhs,
        figures.figure_value - table_side.table_value as difference,
        1 as cells_found,
        1 as cells_expected,
        table_side.table_value is not null and not table_side.ambiguous_involved as is_evaluable,
        coalesce(table_side.blanks_involved, false) as blanks_involved,
        coalesce(table_side.inferred_involved, false) as inferred_involved,
        coalesce(table_side.ambiguous_involved, false) as ambiguous_involved,
        null as compared_report_id,
        '“'
        || figures.quote
        || '” (section '
        || figures.section_number
        || ') vs table: '
        || coalesce(table_side.evidence, '—') as evidence,

    from figures
    left join table_side
        on
            figures.report_id = table_side.report_id
            and figures.figure_key = table_side.figure_key
    where figures.figure_key <> 'fee_yuan'

)

select * from final
