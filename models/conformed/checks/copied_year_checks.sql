{#
    A report copied from another year: the prose names a year other than the reporting year
    where it speaks of the year reported on.
      statistics_period        the period the data cover (统计期限/周期/时限 … 1月1日 … 12月31日):
                               every year it names must be the reporting year
      current_year_statements  sentences that state what was done in a year (2019年，我局… ·
                               2019年度共… · 2019年全年…): a year before the reporting year is
                               counted. Spans (以来, 至今) are left out; a later year is a plan
                               (2021年，我中心将…), not a sign of copying.
      publication_date         the date the report is signed (落款) must fall in the year after
                               the reporting year; a portal's publication date (发布日期) must
                               at least come after the reporting year (a portal may re-post an
                               old report years later). File-property dates are not used: they
                               are a template's or a converter's.
    The reporting year is the title's (reports.report_year). Warnings.
#}

with

reports as (

    select * from {{ ref('reports') }}
    where is_parsed and report_year is not null and {{ new_reports_only() }}

),

sentences as (

    select
        reports.report_id,
        reports.report_year,
        sections.section_number,
        split_sentences.sentence,

    from reports
    inner join {{ ref('stg_raw__sections') }} as sections
        on reports.report_id = sections.report_id
    cross join
        unnest(
            string_split_regex(regexp_replace(sections.body, '\s+', '', 'g'), '[。；！？!?;]')
        ) as split_sentences (sentence)

),

period_sentences as (

    select
        report_id,
        report_year,
        section_number,
        sentence,
        -- the years of the period; a year printed without 年 (20201月1日) counts too
        list_transform(
            regexp_extract_all(sentence, '(\d{4})年?\d{1,2}月\d{1,2}日', 1), lambda year: year::integer
        ) as years,

    from sentences
    where regexp_matches(sentence, '统计(期限|周期|时限|区间|时间|范围)')

),

period_per_report as (

    select
        report_id,
        any_value(report_year) as report_year,
        -- the first period stated; the year that disagrees with the reporting year if any
        coalesce(
            min(list_filter(years, lambda year: year <> report_year)[1]),
            min(report_year)
        ) as period_year,
        string_agg(
            '§' || section_number || ' “' || regexp_extract(sentence, '.{0,12}统计.{0,48}') || '”', ' · '
            order by section_number
        ) as evidence,

    from period_sentences
    where len(years) > 0
    group by report_id

),

year_statements as (

    select
        report_id,
        report_year,
        section_number,
        sentence,
        regexp_extract(sentence, '(\d{4})年度?[，,]?(我|本|全年|共|累计)', 1)::integer as stated_year,

    from sentences
    where
        regexp_matches(sentence, '(\d{4})年度?[，,]?(我|本|全年|共|累计)')
        and not regexp_matches(sentence, '以来|至今')

),

statements_per_report as (

    select
        reports.report_id,
        reports.report_year,
        count(year_statements.stated_year) filter (
            where year_statements.stated_year < reports.report_year
        ) as earlier_year_statements,
        count(year_statements.stated_year) as statements,
        coalesce(
            string_agg(
                '§' || year_statements.section_number || ' “' || left(year_statements.sentence, 60) || '”',
                ' · ' order by year_statements.section_number
            ) filter (where year_statements.stated_year < reports.report_year),
            'none of an earlier year'
        ) as evidence,

    from reports
    inner join year_statements
        on reports.report_id = year_statements.report_id
    group by reports.report_id, reports.report_year

),

dated as (

    select
        report_id,
        report_year,
        published_source,
        year(published_date) as published_year,
        'reporting year ' || report_year || '; ' || case published_source
            when 'signature' then 'signed ' || published_date::varchar || ' (落款)'
            else 'published ' || published_date::varchar || ' (the page''s 发布日期)'
        end as evidence,
    from reports
    where published_date is not null and published_source in ('signature', 'page_field')

),

checks as (

    select
        report_id,
        'statistics_period' as check_name,
        'period_year' as scope,
        period_year as lhs,
        report_year as rhs,
        'reporting year ' || report_year || ': ' || evidence as evidence,
        'equal' as comparison,
    from period_per_report

    union all

    select
        report_id,
        'current_year_statements' as check_name,
        'statements_of_an_earlier_year' as scope,
        earlier_year_statements as lhs,
        0 as rhs,
        'reporting year ' || report_year || ' (' || statements || ' statements of a year): ' || evidence as evidence,
        'equal' as comparison,
    from statements_per_report

    union all

    select
        report_id,
        'publication_date' as check_name,
        'year_of_the_date' as scope,
        published_year as lhs,
        report_year + 1 as rhs,
        evidence,
        case published_source when 'signature' then 'equal' else 'at_least' end as comparison,
    from dated

),

final as (

    select
        report_id || '.copied_year.' || check_name as check_id,
        report_id,
        'copied_year' as check_family,
        check_name,
        scope,
        comparison,
        lhs,
        rhs,
        {{ text_check_flags() }}
        null as compared_report_id,
        evidence,

    from checks

)

select {{ check_columns() }} from final
