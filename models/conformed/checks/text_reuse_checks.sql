{#
    Copied text: the share of a report's sentences in sections 一 and 五 that stand verbatim
    (digits ignored, so a changed year still matches) in the same agency's report of the year
    before, or in another agency's report of the same year. Sentences shorter than 15
    characters are ignored, and so is boilerplate: a sentence found in more than 10 reports of
    the same year is the template's wording, not copying (this also keeps the pairing linear
    in the corpus size). Pairs sharing under 30% are not listed. Info-level.
#}

with

current_reports as (

    select * from {{ ref('agency_year_reports') }}
    where is_current

),

sentences as (

    select distinct
        sections.report_id,
        current_reports.agency_id,
        current_reports.report_year,
        md5(split_sentences.sentence) as sentence_hash,
        length(split_sentences.sentence) as sentence_length,

    from {{ ref('stg_raw__sections') }} as sections
    inner join current_reports
        on sections.report_id = current_reports.report_id
    cross join
        unnest(
            string_split_regex(
                regexp_replace(regexp_replace(sections.body, '\s+', '', 'g'), '[0-9０-９]+', '#', 'g'),
                '[。；！？!?;]'
            )
        ) as split_sentences (sentence)
    where
        sections.section_number in (1, 5)
        and length(split_sentences.sentence) >= 15

),

common as (

    select
        report_year,
        sentence_hash
    from sentences
    group by report_year, sentence_hash
    having count(distinct report_id) > 10

),

distinctive as (

    select sentences.*
    from sentences
    anti join common
        on
            sentences.report_year = common.report_year
            and sentences.sentence_hash = common.sentence_hash

),

report_lengths as (

    select
        report_id,
        sum(sentence_length) as total_length
    from sentences
    group by report_id

),

shared as (

    select
        this_report.report_id,
        other_report.report_id as compared_report_id,
        case
            when this_report.agency_id = other_report.agency_id then 'previous_year_same_agency' else
                'same_year_other_agency'
        end as scope,
        sum(this_report.sentence_length) as shared_length,
        count(*) as shared_sentences,

    from distinctive as this_report
    inner join distinctive as other_report
        on
            this_report.sentence_hash = other_report.sentence_hash
            and this_report.report_id <> other_report.report_id
            and (
                (
                    this_report.agency_id = other_report.agency_id
                    and other_report.report_year = this_report.report_year - 1
                )
                or (
                    this_report.agency_id <> other_report.agency_id
                    and this_report.report_year = other_report.report_year
                )
            )
    group by all

),

shares as (

    select
        shared.*,
        report_lengths.total_length,
        round(shared.shared_length / report_lengths.total_length, 3) as shared_share,

    from shared
    inner join report_lengths
        on shared.report_id = report_lengths.report_id

),

final as (

    select
        shares.report_id || '.text_reuse.' || shares.compared_report_id as check_id,
        shares.report_id,
        'text_reuse' as check_family,
        'text_reuse' as check_name,
        shares.scope,
        'at_most' as comparison,
        shares.shared_share as lhs,
        0.5 as rhs,
        {{ text_check_flags() }}
        shares.compared_report_id,
        shares.shared_sentences || ' sentences of sections 一/五 (' || shares.shared_length || ' of '
        || shares.total_length || ' characters) repeated from ' || coalesce(compared.agency_name, '(agency unknown)')
        || ' ' || coalesce(compared.report_year::varchar, '?') || ' (' || compared.source_file || ')' as evidence,

    from shares
    inner join {{ ref('reports') }} as compared
        on shares.compared_report_id = compared.report_id
    where shares.shared_length >= 0.3 * shares.total_length

)

select {{ check_columns() }} from final
