{#
    Long form for pivoting: one row per agency-year (its current report), applicant type and
    outcome of section 三. Only printed rows (not 2021's derived （六）其他处理 sum) and only the
    six applicant columns (not 总计), so summing any slice never counts a request twice.
#}

with

current_reports as (

    select * from {{ ref('agency_year_reports') }}
    where is_current

),

report_values as (

    select * from {{ ref('report_values') }}
    where table_key = 'requests'
        and col_key <> 'total'
        and not is_derived
        and row_key not in ('new_received', 'carried_over', 'total_processed', 'carried_forward')

),

final as (

    select
        current_reports.agency_year_id || '.' || report_values.col_key || '.' || report_values.row_key as request_outcome_id,
        current_reports.agency_year_id,
        current_reports.agency_id,
        current_reports.report_year,
        current_reports.report_id,
        report_values.col_key as applicant_type,
        case when report_values.col_key = 'natural_person' then 'natural_person' else 'legal_person_or_organisation' end as applicant_group,
        report_values.row_key as outcome,
        case
            when report_values.row_key like 'denied_%' then 'denied'
            when report_values.row_key like 'unavailable_%' then 'unavailable'
            when report_values.row_key like 'rejected_%' then 'not_processed'
            when report_values.row_key like 'other_%' then 'other'
            else report_values.row_key
        end as outcome_group,
        {{ typed_measure('report_values.value', 'bigint') }} as value,
        report_values.is_blank,

    from report_values
    inner join current_reports
        on report_values.report_id = current_reports.report_id

)

select * from final
