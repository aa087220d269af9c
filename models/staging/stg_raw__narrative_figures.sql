with

source as (

    select * from {{ source('raw', 'narrative_figures') }}
    where {{ new_reports_only() }}

),

renamed as (

    select
        report_id,
        figure_key,
        value as figure_value,
        section_number,
        quote,

    from source

)

select * from renamed
