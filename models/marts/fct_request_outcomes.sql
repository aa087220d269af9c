{#
    Long form for pivoting: one row per agency-year (its current report), applicant type and
    outcome of section 三. Only printed outcome rows (not 2021's derived （六）其他处理 sum) and
    only the six applicant columns (not 总计), so summing any slice never counts a request twice.
    Which cells those are, and their groups, come from the template (template_items'
    outcome_group and applicant_group), not from key names.
#}

with

current_reports as (

    select * from {{ ref('agency_year_reports') }}
    where is_current

),

outcome_items as (

    select * from {{ ref('template_items') }}
    where
        outcome_group is not null
        and applicant_group is not null

),

report_values as (

    select * from {{ ref('report_values') }}
    where not is_derived

),

final as (

    select
        current_reports.agency_year_id
        || '.'
        || report_values.col_key
        || '.'
        || report_values.row_key as request_outcome_id,
        current_reports.agency_year_id,
        current_reports.agency_id,
        current_reports.report_year,
        current_reports.report_id,
        report_values.col_key as applicant_type,
        outcome_items.applicant_group,
        report_values.row_key as outcome,
        outcome_items.outcome_group,
        {{ typed_measure('report_values.value', 'bigint') }} as value,
        report_values.is_blank,

    from report_values
    inner join outcome_items
        on report_values.template_item_id = outcome_items.template_item_id
    inner join current_reports
        on report_values.report_id = current_reports.report_id

)

select * from final
