with

dictionary as (

    select * from {{ ref('template_dictionary') }}

),

final as (

    select
        template_version || '.' || table_key || '.' || row_key || '.' || col_key as template_item_id,
        template_version,
        table_key,
        row_key,
        col_key,
        row_label,
        col_label,
        row_label_en,
        col_label_en,
        value_type,
        row_order,
        col_order,
        is_optional,
        outcome_group,
        applicant_group,
        may_be_negative,

    from dictionary

)

select * from final
