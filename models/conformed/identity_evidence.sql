{#
    The cells behind each failing identity check, "<row>.<col>=<printed> @<position>".
    Which cells a check reads is stated once per check here, mirroring identity_checks.
#}

with

checks as (

    select * from {{ ref('identity_checks') }}
    where is_evaluable
        and (
            (comparison = 'equal' and lhs <> rhs)
            or (comparison = 'at_most' and lhs > rhs)
        )

),

cells as (

    select * from {{ ref('report_values') }}
    where table_key in ('requests', 'review_litigation') and not is_derived

),

involved as (

    select checks.check_id, cells.*
    from checks
    inner join cells
        on checks.report_id = cells.report_id
        and (
            (checks.check_name = 'balance' and cells.table_key = 'requests' and cells.col_key = checks.scope
                and cells.row_key in ('new_received', 'carried_over', 'total_processed', 'carried_forward'))
            or (checks.check_name = 'row_total' and cells.table_key = 'requests' and cells.row_key = checks.scope)
            or (checks.check_name = 'outcome_total' and cells.table_key = 'requests' and cells.col_key = checks.scope
                and cells.row_key not in ('new_received', 'carried_over', 'carried_forward'))
            or (checks.check_name = 'review_total' and cells.table_key = 'review_litigation' and cells.row_key = checks.scope)
            or (checks.check_name = 'corrected_within_total' and cells.table_key = 'review_litigation'
                and cells.row_key = checks.scope and cells.col_key in ('corrected', 'total'))
        )

),

final as (

    select
        check_id,
        {{ evidence_of() }} as evidence,

    from involved
    group by check_id

)

select * from final
