{#
    The cells behind each failing identity check, "<row>.<col>=<printed> @<position>": the
    check's member cells, from identity_members, as identity_sums adds them up.
#}

with

failing as (

    select * from {{ ref('identity_sums') }}
    where
        {{ new_reports_only() }}
        and is_evaluable
        and not ({{ check_holds() }})

),

members as (

    select * from {{ ref('identity_members') }}

),

involved as (

    select
        failing.check_id,
        failing.report_id,
        members.row_key,
        members.col_key,
        members.value_text,
        members.source_position,

    from failing
    inner join members
        on
            failing.report_id = members.report_id
            and failing.check_name = members.identity
            and failing.scope = members.scope

),

final as (

    select
        check_id,
        report_id,
        {{ evidence_of() }} as evidence,

    from involved
    group by check_id, report_id

)

select * from final
