with

source as (

    select * from {{ source('raw', 'sections') }}
    where {{ new_reports_only() }}

),

renamed as (

    select
        report_id,
        section_number,
        heading,
        body,
        length(body) as body_length,

    from source

)

select * from renamed
