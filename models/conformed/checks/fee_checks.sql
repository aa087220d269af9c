{#
    Fees in the table against fees in the prose. The prose is read as amounts with their unit
    (figures admin_fee_yuan and fee_yuan, in 元; a statement that none was charged is 0):
      admin_fee_in_prose    the 行政事业性收费 section 二 prints (万元) against the amount the prose
                            states for it, in 元 (96171.6万元 = 961,716,000元). Warning.
      no_fee_statement      the prose says no fee of any kind was charged (未收取任何费用, naming
                            neither 信息处理费 nor 政府信息公开) while 二 prints a 行政事业性收费
                            amount above 0. Info: such a sentence usually means the 信息处理费,
                            which 二 does not count; a reader decides.
    A statement about the 信息处理费 alone is not compared with 二: they are different fees.
    Template 2021 only (template 2019's 二 prints item counts, no amount).
#}

with

reports as (

    select * from {{ ref('reports') }}
    where is_parsed and template_version = '2021'

),

admin_fee_cells as (

    select * from {{ ref('report_values') }}
    where table_key = 'proactive' and row_key = 'admin_fees' and col_key = 'amount_wan_yuan'

),

figures as (

    select * from {{ ref('stg_raw__narrative_figures') }}

),

prose_admin_fee as (

    select * from figures
    where figure_key = 'admin_fee_yuan'

),

prose_no_fee_at_all as (

    select * from figures
    where
        figure_key = 'fee_yuan'
        and figure_value = 0
        and not regexp_matches(quote, '处理费|信息公开|信息处理|依申请')

),

compared as (

    select
        reports.report_id,
        'admin_fee_in_prose' as check_name,
        'proactive.admin_fees' as scope,
        round(coalesce(admin_fee_cells.value, 0) * 10000, 2) as lhs,
        prose_admin_fee.figure_value as rhs,
        admin_fee_cells.report_id is not null and not admin_fee_cells.is_ambiguous as is_evaluable,
        coalesce(admin_fee_cells.is_blank, false) as blanks_involved,
        coalesce(admin_fee_cells.is_uncertain_read, false) as inferred_involved,
        '二 prints ' || coalesce(admin_fee_cells.value_text, '∅') || ' 万元 @'
        || coalesce(admin_fee_cells.source_position, '?')
        || ' · §' || prose_admin_fee.section_number || ' “' || prose_admin_fee.quote || '” = '
        || prose_admin_fee.figure_value || ' 元' as evidence,

    from reports
    inner join prose_admin_fee
        on reports.report_id = prose_admin_fee.report_id
    left join admin_fee_cells
        on reports.report_id = admin_fee_cells.report_id

    union all

    select
        reports.report_id,
        'no_fee_statement' as check_name,
        'proactive.admin_fees' as scope,
        coalesce(admin_fee_cells.value, 0) as lhs,
        0 as rhs,
        admin_fee_cells.report_id is not null and not admin_fee_cells.is_ambiguous as is_evaluable,
        coalesce(admin_fee_cells.is_blank, false) as blanks_involved,
        coalesce(admin_fee_cells.is_uncertain_read, false) as inferred_involved,
        '§' || prose_no_fee_at_all.section_number || ' “' || prose_no_fee_at_all.quote || '” · 二 prints 行政事业性收费 '
        || coalesce(admin_fee_cells.value_text, '∅') || ' 万元 @' || coalesce(admin_fee_cells.source_position, '?')
        || ' (the sentence may mean the 信息处理费)' as evidence,

    from reports
    inner join prose_no_fee_at_all
        on reports.report_id = prose_no_fee_at_all.report_id
    left join admin_fee_cells
        on reports.report_id = admin_fee_cells.report_id

),

final as (

    select
        report_id || '.fees.' || check_name as check_id,
        report_id,
        'fees' as check_family,
        check_name,
        scope,
        'equal' as comparison,
        lhs,
        rhs,
        1 as cells_found,
        1 as cells_expected,
        is_evaluable,
        blanks_involved,
        inferred_involved,
        false as ambiguous_involved,
        null as compared_report_id,
        evidence,

    from compared

)

select {{ check_columns() }} from final
