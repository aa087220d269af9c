{#
    The template's identities on every parsed report (identity_sums), with the cells behind each
    failing one (identity_evidence): the check interface of every check model.
#}

with

sums as (

    select * from {{ ref('identity_sums') }}
    where {{ new_reports_only() }}

),

evidence as (

    select * from {{ ref('identity_evidence') }}

),

final as (

    select
        sums.*,
        evidence.evidence,

    from sums
    left join evidence
        on sums.check_id = evidence.check_id

)

select {{ check_columns() }} from final
