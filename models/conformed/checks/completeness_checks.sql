{#
    What the template asks the narrative to contain: a section 五 (problems and improvements)
    with content, and for template 2021 a section 六 that states the fees collected
    (信息处理费 / 收费). Info-level findings.
#}

with

reports as (

    select * from {{ ref('reports') }}
    where is_parsed and {{ new_reports_only() }}

),

sections as (

    select * from {{ ref('stg_raw__sections') }}

),

per_report as (

    select
        reports.report_id,
        reports.template_version,
        max(regexp_replace(sections.body, '\s+', '', 'g')) filter (where sections.section_number = 5) as section_5,
        max(regexp_replace(sections.body, '\s+', '', 'g')) filter (where sections.section_number = 6) as section_6,

    from reports
    left join sections
        on reports.report_id = sections.report_id
    group by reports.report_id, reports.template_version

),

checks as (

    select
        report_id,
        'section_5_has_content' as check_name,
        'section_5' as scope,
        case when coalesce(section_5, '') in ('', '无', '无。', '暂无', '暂无。') then 0 else 1 end as lhs,
        coalesce(left(section_5, 60), 'section 五 not found') as evidence,

    from per_report

    union all

    select
        report_id,
        'fees_stated_2021' as check_name,
        'section_6' as scope,
        case when section_6 similar to '.*(费|收费|不收取|未收取).*' then 1 else 0 end as lhs,
        coalesce(left(section_6, 60), 'section 六 not found') as evidence,

    from per_report
    where template_version = '2021'

),

final as (

    select
        report_id || '.' || check_name as check_id,
        report_id,
        'completeness' as check_family,
        check_name,
        scope,
        'equal' as comparison,
        lhs,
        1 as rhs,
        {{ text_check_flags() }}
        null as compared_report_id,
        evidence,

    from checks

)

select {{ check_columns() }} from final
