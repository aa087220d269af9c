{#
    The cells behind each failing identity check, "<row>.<col>=<printed> @<position>": the
    check's member cells, taken from the same definitions identity_checks evaluates.
#}

with

failing as (

    select * from {{ ref('identity_checks') }}
    where
        is_evaluable
        and not ({{ check_holds() }})

),

definitions as (

    select * from {{ ref('template_identities') }}

),

cells as (

    select * from {{ ref('report_values') }}
    where not is_derived

),

involved as (

    select
        failing.check_id,
        cells.row_key,
        cells.col_key,
        cells.value_text,
        cells.source_position,

    from failing
    inner join cells
        on failing.report_id = cells.report_id
    inner join definitions
        on
            cells.template_version = definitions.template_version
            and failing.check_name = definitions.identity
            and failing.scope = definitions.scope
            and cells.table_key = definitions.table_key
            and cells.row_key = definitions.row_key
            and cells.col_key = definitions.col_key

),

final as (

    select
        check_id,
        {{ evidence_of() }} as evidence,

    from involved
    group by check_id

)

select * from final
