with

source as (

    select * from {{ source('raw', 'outline') }}

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
