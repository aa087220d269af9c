{#
    The report's outline against the template's: the six sections, each headed once, in order,
    numbered 一 to 六, with no other top-level heading among them. Read from the headings as
    printed (stg_raw__outline), section 三's own table labels (一、本年新收 …) left out.
      sections_once        sections headed exactly once (lhs), of 6
      section_order        section headings that come after the heading of a later section
      heading_numbers      section headings numbered other than their place (五、其他需要报告的事项)
      numbering_restarts   top-level numerals not above the one before (一 … 六, then 一 again)
      promoted_sub_topics  topics template 2021 puts under 一 (主动公开, 平台建设 …) numbered as
                           sections (二、工作机制保障)
    Not evaluable when fewer than three section headings are found (the text lost its layout).
    Evidence: the headings at fault with their line, then the outline as printed. Warnings.
#}

with

reports as (

    select * from {{ ref('reports') }}
    where is_parsed and {{ new_reports_only() }}

),

headings as (

    select * from {{ ref('stg_raw__outline') }}
    where kind <> 'table_label' and {{ new_reports_only() }}

),

placed as (

    select
        *,
        -- the latest section headed before this heading, and the numeral just before it
        max(topic) over (
            partition by report_id order by position rows between unbounded preceding and 1 preceding
        ) as latest_topic_before,
        lag(number) over (partition by report_id order by position) as previous_number,
        '“' || heading || '” @line ' || line as cited,

    from headings

),

flagged as (

    select
        *,
        kind = 'section' and topic < latest_topic_before as is_out_of_order,
        kind = 'section' and number <> topic as is_misnumbered,
        number <= previous_number as is_restart,
        kind = 'sub_topic' as is_promoted,

    from placed

),

topic_counts as (

    select
        report_id,
        topic,
        count(*) as times_headed,

    from headings
    where kind = 'section'
    group by report_id, topic

),

sections_headed as (

    select
        report_id,
        count(*) filter (where times_headed = 1) as headed_once,
        list(topic order by topic) as topics,
        list(topic order by topic) filter (where times_headed > 1) as repeated_topics,

    from topic_counts
    group by report_id

),

per_report as (

    select
        reports.report_id,
        count(flagged.position) filter (where flagged.kind = 'section') as section_headings,
        count(flagged.position) filter (where flagged.is_out_of_order) as out_of_order,
        count(flagged.position) filter (where flagged.is_misnumbered) as misnumbered,
        count(flagged.position) filter (where flagged.is_restart) as restarts,
        count(flagged.position) filter (where flagged.is_promoted) as promoted,
        string_agg(flagged.cited, ' · ' order by flagged.position) filter (where flagged.is_out_of_order)
            as out_of_order_cited,
        string_agg(flagged.cited, ' · ' order by flagged.position) filter (where flagged.is_misnumbered)
            as misnumbered_cited,
        string_agg(flagged.cited, ' · ' order by flagged.position) filter (where flagged.is_restart)
            as restarts_cited,
        string_agg(flagged.cited, ' · ' order by flagged.position) filter (where flagged.is_promoted)
            as promoted_cited,
        coalesce(string_agg(flagged.heading || ' @' || flagged.line, ' · ' order by flagged.position), '∅')
            as printed_outline,

    from reports
    left join flagged
        on reports.report_id = flagged.report_id
    group by reports.report_id

),

headed_summaries as (

    select
        report_id,
        headed_once,
        'missing: '
        || coalesce(
            nullif(
                array_to_string(
                    list_transform(
                        list_filter(range(1, 7), lambda section_number: not list_contains(topics, section_number)),
                        lambda section_number: substr('一二三四五六', section_number::integer, 1)
                    ),
                    ', '
                ),
                ''
            ),
            'none'
        )
        || ' · headed more than once: '
        || coalesce(
            nullif(
                array_to_string(
                    list_transform(repeated_topics, lambda section_number: substr('一二三四五六', section_number, 1)),
                    ', '
                ),
                ''
            ),
            'none'
        ) as headed_summary,

    from sections_headed

),

judged as (

    select
        per_report.*,
        coalesce(headed_summaries.headed_once, 0) as headed_once,
        per_report.section_headings >= 3 as is_evaluable,
        coalesce(headed_summaries.headed_summary, 'no section heading found') as headed_summary,

    from per_report
    left join headed_summaries
        on per_report.report_id = headed_summaries.report_id

),

checks as (

    select
        report_id,
        'sections_once' as check_name,
        'sections_headed_once' as scope,
        headed_once as lhs,
        6 as rhs,
        is_evaluable,
        headed_summary as evidence,
        printed_outline,
    from judged

    union all

    select
        report_id,
        'section_order' as check_name,
        'headings_after_a_later_section' as scope,
        out_of_order as lhs,
        0 as rhs,
        is_evaluable,
        coalesce(out_of_order_cited, 'in order') as evidence,
        printed_outline,
    from judged

    union all

    select
        report_id,
        'heading_numbers' as check_name,
        'headings_numbered_out_of_place' as scope,
        misnumbered as lhs,
        0 as rhs,
        is_evaluable,
        coalesce(misnumbered_cited, 'each numbered as its section') as evidence,
        printed_outline,
    from judged

    union all

    select
        report_id,
        'numbering_restarts' as check_name,
        'numerals_not_above_the_previous' as scope,
        restarts as lhs,
        0 as rhs,
        is_evaluable,
        coalesce(restarts_cited, 'numbering rises throughout') as evidence,
        printed_outline,
    from judged

    union all

    select
        report_id,
        'promoted_sub_topics' as check_name,
        'sub_topics_numbered_as_sections' as scope,
        promoted as lhs,
        0 as rhs,
        is_evaluable,
        coalesce(promoted_cited, 'none') as evidence,
        printed_outline,
    from judged

),

final as (

    select
        report_id || '.outline.' || check_name as check_id,
        report_id,
        'outline' as check_family,
        check_name,
        scope,
        'equal' as comparison,
        lhs,
        rhs,
        1 as cells_found,
        1 as cells_expected,
        is_evaluable,
        false as blanks_involved,
        false as inferred_involved,
        false as ambiguous_involved,
        null as compared_report_id,
        case
            when is_evaluable then evidence || ' | outline: ' || printed_outline
            else 'fewer than three section headings found (the text lost its layout) | outline: ' || printed_outline
        end as evidence,

    from checks

)

select {{ check_columns() }} from final
