{# The regions the agencies resolve to, with their level and parents (from cpca's divisions). #}

with

agencies as (

    select * from {{ ref('agencies') }}
    where region_code is not null

),

final as (

    select
        region_code,
        any_value(region_level) as region_level,
        any_value(province_name) as province_name,
        any_value(city_name) as city_name,
        any_value(county_name) as county_name,
        left(region_code, 2) || '0000' as province_code,
        case when any_value(region_level) in ('city', 'county') then left(region_code, 4) || '00' end as city_code,
        count(*) as agency_count,

    from agencies
    group by region_code

)

select * from final
