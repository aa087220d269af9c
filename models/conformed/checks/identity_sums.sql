{#
    The template's identities on every parsed report, one row per report and check, evaluated
    from their definitions (the template_identities seed, generated from extract/template.py):
    no row or column of the template is named here.
    Blank cells take part as 0 (blanks_involved says when they did). A check is not evaluable
    when a member cell is missing or unread, when a value involved could not be read
    unambiguously, or when the identity itself was used to read its values (a row split by its
    total). inferred_involved marks values we may have misread (OCR, a recovered cell): a break
    then points at our read first. comparison says what must hold: equal, or at_most (lhs <= rhs).
    The member cells come from identity_members; identity_checks adds the evidence (cells,
    printed text, position) of failing checks, from identity_evidence.
#}

with

definitions as (

    select
        *,
        {{ identity_number() }} as identity_number,
    from {{ ref('template_identities') }}

),

definition_sizes as (

    select
        identity_number,
        template_version,
        identity,
        scope,
        any_value(comparison) as comparison,
        count(*)::integer as cells_expected,

    from definitions
    group by identity_number, template_version, identity, scope

),

members as (

    select * from {{ ref('identity_members') }}
    where {{ new_reports_only() }}

),

evaluated as (

    -- grouped by the identity's number, not its three names (a narrower key)
    select
        report_id,
        identity_number,
        sum(value_or_zero) filter (where side = 'lhs') as lhs,
        sum(value_or_zero) filter (where side = 'rhs') as rhs,
        count(*) filter (where is_read) as cells_found,
        bool_or(is_blank) as blanks_involved,
        bool_or(is_uncertain_read) as inferred_involved,
        bool_or(is_ambiguous) or bool_or(is_read_by_identity and splits_fused_rows) as ambiguous_involved,

    from members
    group by report_id, identity_number

),

final as (

    select
        evaluated.report_id || '.' || definition_sizes.identity || '.' || definition_sizes.scope as check_id,
        evaluated.report_id,
        'identity' as check_family,
        definition_sizes.identity as check_name,
        definition_sizes.scope,
        definition_sizes.comparison,
        evaluated.lhs,
        evaluated.rhs,
        evaluated.cells_found,
        definition_sizes.cells_expected,
        not evaluated.ambiguous_involved and evaluated.cells_found = definition_sizes.cells_expected as is_evaluable,
        evaluated.blanks_involved,
        evaluated.inferred_involved,
        evaluated.ambiguous_involved,
        null as compared_report_id,

    from evaluated
    inner join definition_sizes
        on evaluated.identity_number = definition_sizes.identity_number

)

select * from final
