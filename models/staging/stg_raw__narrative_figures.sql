with

source as (

    select * from {{ source('raw', 'narrative_figures') }}

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
