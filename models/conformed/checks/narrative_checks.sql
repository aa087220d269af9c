{#
    Figures the narrative states against the tables: 共受理申请N件 against 本年新收 总计, 答复N件
    against （七）总计, 行政复议N件 against section 四, and so on — which cells each figure states
    is the template_narrative_figures seed (generated from extract/template.py). A row's table
    value is its printed 总计, or the sum of its parts when the 总计 is blank (blanks_involved);
    a figure adds up its rows. Figures with no table cells (fees) are not compared here.
    Soft: prose rounds, counts differently, or summarises a wider scope.
#}

with

definitions as (

    select * from {{ ref('template_narrative_figures') }}

),

figures as (

    select * from {{ ref('stg_raw__narrative_figures') }}
    where
        figure_key in (select definitions.figure_key from definitions)
        and {{ new_reports_only() }}

),

cells as (

    select
        report_values.report_id,
        definitions.figure_key,
        report_values.row_key,
        report_values.col_key,
        definitions.role,
        report_values.value,
        report_values.value_text,
        report_values.source_position,
        report_values.is_blank,
        report_values.is_uncertain_read,
        report_values.is_ambiguous,

    from {{ ref('report_values') }} as report_values
    inner join definitions
        on
            report_values.table_key = definitions.table_key
            and report_values.row_key = definitions.row_key
            and report_values.col_key = definitions.col_key
    where
        not report_values.is_derived
        -- a check is a figure's: the cells of reports with figures to check, new ones only
        and report_values.report_id in (select figures.report_id from figures)

),

row_values as (

    select
        report_id,
        figure_key,
        row_key,
        coalesce(
            max(value) filter (where role = 'total'),
            sum(value) filter (where role = 'part'),
            0
        ) as row_value,
        bool_or(is_blank and role = 'total') as total_blank,
        bool_or(is_uncertain_read) as inferred_involved,
        bool_or(is_ambiguous) as ambiguous_involved,

    from cells
    group by report_id, figure_key, row_key

),

figure_evidence as (

    select
        report_id,
        figure_key,
        {{ evidence_of() }} as evidence,

    from cells
    group by report_id, figure_key

),

table_side as (

    select
        row_values.report_id,
        row_values.figure_key,
        sum(row_values.row_value) as table_value,
        bool_or(row_values.total_blank) as blanks_involved,
        bool_or(row_values.inferred_involved) as inferred_involved,
        bool_or(row_values.ambiguous_involved) as ambiguous_involved,
        any_value(figure_evidence.evidence) as evidence,

    from row_values
    inner join figure_evidence
        on
            row_values.report_id = figure_evidence.report_id
            and row_values.figure_key = figure_evidence.figure_key
    group by row_values.report_id, row_values.figure_key

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

)

select {{ check_columns() }} from final
