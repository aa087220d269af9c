with

report_values as (

    select * from {{ ref('report_values') }}

),

reports as (

    select * from {{ ref('reports') }}

),

final as (

    select
        report_values.report_id
        || '.'
        || report_values.table_key
        || '.'
        || report_values.row_key
        || '.'
        || report_values.col_key as report_value_id,
        report_values.report_id,
        reports.source_file,
        reports.agency_id,
        reports.agency_name,
        reports.report_year,
        report_values.template_version,
        report_values.table_key,
        report_values.row_key,
        report_values.col_key,
        report_values.value_type,
        -- a fraction in a count cell is published as no count (the report's warnings say which)
        case
            when report_values.value_type = 'count' then {{ typed_measure('report_values.value', 'bigint') }}
        end as value,
        case when report_values.value_type = 'money' then report_values.value end as amount_wan_yuan,
        report_values.is_blank,
        report_values.value_text,
        report_values.unit,
        report_values.raw_row_label,
        report_values.read_method,
        report_values.is_derived,
        report_values.is_template_item,
        report_values.source_position,
        report_values.source_page,
        report_values.source_x0,
        report_values.source_top,
        report_values.source_x1,
        report_values.source_bottom,

    from report_values
    inner join reports
        on report_values.report_id = reports.report_id

)

select * from final
