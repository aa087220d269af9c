with

source as (

    select * from {{ source('raw', 'outline') }}
    where {{ new_reports_only() }}

),

renamed as (

    select
        report_id,
        position,
        line,
        numeral,
        number,
        heading,
        kind,
        topic,
        at_line_start,

    from source

)

select * from renamed
