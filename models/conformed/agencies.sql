with

agency_names as (

    select * from {{ ref('agency_names') }}

),

final as (

    select
        agency_id,
        any_value(agency_name) as agency_name,
        any_value(province_name) as province_name,
        any_value(city_name) as city_name,
        any_value(county_name) as county_name,
        any_value(cast(region_code as varchar)) as region_code,
        any_value(region_match) as region_match,
        count(*) as printed_name_variants,

    from agency_names
    group by agency_id

)

select * from final
