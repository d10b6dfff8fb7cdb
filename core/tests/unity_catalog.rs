//! Unity Catalog: name rules, catalogs and schemas, privileges (inheritance, ownership,
//! groups, "act as"), the SQL statements, and registry permissions.

use lakelab_core::catalog::names::{parse, FullName};
use lakelab_core::catalog::privileges::{Privilege, Securable};
use lakelab_core::catalog::sql::{execute, SqlResult};
use lakelab_core::catalog::{Unity, ALICE, BOB, LEARNER};
use lakelab_core::registry::{ModelRef, ModelsUri, RegistryKind};
use lakelab_core::tracking::ErrorCode;

#[test]
fn names_follow_uc_rules_and_say_which_rule_broke() {
    let ok: &[(&str, [&str; 3])] = &[
        ("main.ml.churn", ["main", "ml", "churn"]),
        ("MAIN.Ml.Churn_Model", ["main", "ml", "churn_model"]),
        ("`my-cat`.ml.m", ["my-cat", "ml", "m"]),
        ("dev.ml.m-2", ["dev", "ml", "m-2"]),
    ];
    for (text, want) in ok {
        let n = FullName::parse(text, "model").unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            [n.catalog.as_str(), n.schema.as_str(), n.name.as_str()],
            *want
        );
    }
    let long = format!("main.ml.{}", "m".repeat(256));
    let bad: &[(&str, &str)] = &[
        (
            "churn",
            "expected a 3-level name <catalog>.<schema>.<name>, got 1 level",
        ),
        ("main.churn", "got 2 levels"),
        ("a.b.c.d", "got 4 levels"),
        ("main..m", "a name part cannot be empty"),
        ("main.my ml.m", "names cannot contain a space"),
        ("main.ml.a/b", "names cannot contain a forward slash (/)"),
        ("main.`ml.x`.m", "names cannot contain a period (.)"),
        ("main.ml.\u{7}x", "the control character U+0007"),
        ("main.ml.\u{7f}", "the control character U+007F"),
        ("main.`ml.m", "a backtick is not closed"),
        (
            long.as_str(),
            "limited to 255 characters (one part has 256)",
        ),
    ];
    for (text, rule) in bad {
        let e = FullName::parse(text, "model").expect_err(text);
        assert!(e.0.contains(rule), "{text}: {e}");
    }
    assert_eq!(parse("Dev", 1, "catalog").unwrap(), ["dev"]);
}

#[test]
fn schemas_need_cascade_when_not_empty_and_grants_inherit() {
    let mut u = Unity::default();
    u.create_schema("main.ml", "models", false, 1)
        .expect("create");
    assert_eq!(
        u.create_schema("MAIN.ML", "", false, 1).unwrap_err().code,
        ErrorCode::ResourceAlreadyExists
    );
    assert!(
        u.create_schema("main.ml", "", true, 1).is_ok(),
        "IF NOT EXISTS"
    );
    assert_eq!(
        u.create_schema("nope.ml", "", false, 1)
            .unwrap_err()
            .message,
        "Catalog 'nope' does not exist."
    );
    u.create_registered_model(RegistryKind::Uc, "main.ml.m", &[], "", 2)
        .expect("model");
    let e = u.drop_schema("main.ml", false, false).unwrap_err();
    assert!(
        e.message.starts_with(
            "[SCHEMA_NOT_EMPTY] Cannot drop a schema `main`.`ml` because it contains objects."
        ),
        "{}",
        e.message
    );
    u.drop_schema("main.ml", true, false).expect("cascade");
    assert!(u.models.is_empty(), "CASCADE drops the models");
    assert!(u.drop_schema("main.ml", false, true).is_ok(), "IF EXISTS");

    // Alice (data_scientists) may use main but not create a schema in it.
    u.acting_as = Some(ALICE.into());
    let denied = u.create_schema("main.team", "", false, 3).unwrap_err();
    assert_eq!(denied.code, ErrorCode::PermissionDenied);
    assert_eq!(
        denied.message,
        "User 'alice@lakelab' does not have CREATE SCHEMA on Catalog 'main'."
    );
    // She cannot grant it to herself either.
    assert_eq!(
        u.grant(
            &Securable::Catalog("main".into()),
            &[Privilege::CreateSchema],
            ALICE
        )
        .unwrap_err()
        .code,
        ErrorCode::PermissionDenied
    );
    // Granted to her group at catalog level, it applies.
    u.acting_as = None;
    u.grant(
        &Securable::Catalog("main".into()),
        &[Privilege::CreateSchema],
        "data_scientists",
    )
    .expect("grant");
    u.acting_as = Some(ALICE.into());
    u.create_schema("main.team", "", false, 3)
        .expect("inherited from the group's grant");
    // She owns what she creates: she may create models there without a grant on the schema,
    // but Bob may not even use the schema.
    u.create_registered_model(RegistryKind::Uc, "main.team.m", &[], "", 4)
        .expect("owner creates");
    u.acting_as = Some(BOB.into());
    let e = u
        .get_registered_model(RegistryKind::Uc, "main.team.m")
        .unwrap_err();
    assert_eq!(
        e.message,
        "User 'bob@lakelab' does not have USE SCHEMA on Schema 'main.team'."
    );
    u.acting_as = None;
    assert_eq!(u.principal(), LEARNER);
}

#[test]
fn model_privileges_match_the_reference_table() {
    let mut u = Unity::default();
    u.create_schema("main.ml", "", false, 0).expect("schema");
    u.create_registered_model(RegistryKind::Uc, "main.ml.m", &[], "", 0)
        .expect("model");
    let model = Securable::Model(FullName::parse("main.ml.m", "model").expect("name"));
    let schema = Securable::Schema("main".into(), "ml".into());
    // (operation, needs) — run as Bob, who has USE CATALOG on main through `account users`.
    type Op = fn(&mut Unity) -> Result<(), lakelab_core::tracking::MlflowError>;
    let ops: &[(&str, Op, &str)] = &[
        (
            "read",
            |u| {
                u.get_registered_model(RegistryKind::Uc, "main.ml.m")
                    .map(|_| ())
            },
            "EXECUTE",
        ),
        (
            "tag",
            |u| u.set_model_tag(RegistryKind::Uc, "main.ml.m", "k", Some("v"), 1),
            "APPLY TAG",
        ),
        (
            "alias",
            |u| u.delete_alias(RegistryKind::Uc, "main.ml.m", "Champion"),
            "owner",
        ),
        (
            "describe",
            |u| {
                u.update_registered_model(RegistryKind::Uc, "main.ml.m", "d", 1)
                    .map(|_| ())
            },
            "owner",
        ),
        (
            "create",
            |u| {
                u.create_registered_model(RegistryKind::Uc, "main.ml.other", &[], "", 1)
                    .map(|_| ())
            },
            "CREATE MODEL",
        ),
    ];
    u.acting_as = Some(BOB.into());
    for (what, op, _) in ops {
        let e = op(&mut u).expect_err(what);
        assert_eq!(e.code, ErrorCode::PermissionDenied, "{what}");
        assert!(
            e.message.contains("USE SCHEMA"),
            "{what}: without USE SCHEMA nothing works: {}",
            e.message
        );
    }
    u.acting_as = None;
    u.grant(&schema, &[Privilege::UseSchema], "ml_engineers")
        .expect("grant");
    u.acting_as = Some(BOB.into());
    for (what, op, needs) in ops {
        let e = op(&mut u).expect_err(what);
        assert!(
            e.message.contains(needs),
            "{what} needs {needs}: {}",
            e.message
        );
    }
    // Grants on the model (or inherited from the schema) let the matching operations through;
    // aliases and descriptions stay the owner's.
    u.acting_as = None;
    u.grant(&model, &[Privilege::Execute, Privilege::ApplyTag], BOB)
        .expect("grant");
    u.grant(&schema, &[Privilege::CreateModel], BOB)
        .expect("grant");
    u.acting_as = Some(BOB.into());
    for (what, op, needs) in ops {
        let r = op(&mut u);
        assert_eq!(r.is_ok(), *needs != "owner", "{what}: {r:?}");
    }
    // Revoking EXECUTE takes reading away again.
    u.acting_as = None;
    u.revoke(&model, &[Privilege::Execute], BOB)
        .expect("revoke");
    u.acting_as = Some(BOB.into());
    assert!(u
        .get_registered_model(RegistryKind::Uc, "main.ml.m")
        .is_err());
    // Ownership moved to a group gives its members the owner's rights.
    u.acting_as = None;
    u.set_owner(&model, "ml_engineers").expect("owner");
    u.acting_as = Some(BOB.into());
    u.update_registered_model(RegistryKind::Uc, "main.ml.m", "now mine", 5)
        .expect("group owner");
    assert_eq!(
        u.grant(&model, &[Privilege::Select], ALICE)
            .unwrap_err()
            .message,
        "Privilege SELECT is not applicable to this entity [Model 'main.ml.m']."
    );
}

#[test]
fn sql_statements_grant_show_and_manage_the_namespace() {
    let mut u = Unity::default();
    let run = |u: &mut Unity, sql: &str| execute(u, sql, 7);
    assert_eq!(
        run(
            &mut u,
            "CREATE CATALOG IF NOT EXISTS dev COMMENT 'development'"
        ),
        Ok(SqlResult::Done)
    );
    run(&mut u, "CREATE SCHEMA dev.ml").expect("schema");
    run(
        &mut u,
        "GRANT USE CATALOG, USE SCHEMA ON CATALOG dev TO `data_scientists`",
    )
    .expect("grant");
    run(&mut u, "grant select on schema dev.ml to `alice@lakelab`;").expect("lower case");
    match run(&mut u, "SHOW GRANTS ON CATALOG dev").expect("show") {
        SqlResult::Rows { columns, rows } => {
            assert_eq!(
                columns,
                ["Principal", "ActionType", "ObjectType", "ObjectKey"]
            );
            assert_eq!(
                rows,
                [
                    ["data_scientists", "USE CATALOG", "CATALOG", "dev"],
                    ["data_scientists", "USE SCHEMA", "CATALOG", "dev"]
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    run(
        &mut u,
        "REVOKE USE SCHEMA ON CATALOG dev FROM data_scientists",
    )
    .expect("revoke");
    assert!(!u.access.has(
        ALICE,
        Privilege::UseSchema,
        &Securable::Schema("dev".into(), "ml".into())
    ));
    assert!(u.access.has(
        ALICE,
        Privilege::UseCatalog,
        &Securable::Schema("dev".into(), "ml".into())
    ));
    assert!(run(&mut u, "GRANT FLY ON CATALOG dev TO bob@lakelab")
        .unwrap_err()
        .message
        .contains("'FLY' is not a privilege"));
    assert!(run(&mut u, "GRANT SELECT ON CATALOG dev TO carol")
        .unwrap_err()
        .message
        .starts_with("Could not find principal with name carol."));
    assert_eq!(
        run(&mut u, "DROP CATALOG dev")
            .unwrap_err()
            .message
            .split('.')
            .next(),
        Some("[SCHEMA_NOT_EMPTY] Cannot drop catalog `dev` because it is not empty")
    );
    run(&mut u, "DROP CATALOG dev CASCADE").expect("cascade");
    assert!(!u.catalog_exists("dev"));
    assert_eq!(
        run(&mut u, "SELECT 1").unwrap_err().code,
        ErrorCode::InternalError
    );
}

#[test]
fn models_uris_parse_as_mlflow_parses_them() {
    let cases: &[(&str, &str, ModelRef)] = &[
        (
            "models:/main.ml.m/3",
            "main.ml.m",
            ModelRef::Version("3".into()),
        ),
        (
            "models:/main.ml.m@Champion",
            "main.ml.m",
            ModelRef::Alias("Champion".into()),
        ),
        (
            "models:/churn/Production",
            "churn",
            ModelRef::Stage("Production".into()),
        ),
        ("models:/churn/LATEST", "churn", ModelRef::Latest),
    ];
    for (uri, name, reference) in cases {
        let p = ModelsUri::parse(uri).expect(uri);
        assert_eq!((p.name.as_str(), &p.reference), (*name, reference));
    }
    for bad in [
        "models:/m",
        "models:/m/",
        "models:/a/b/c",
        "runs:/x/model",
        "models:/@x",
    ] {
        assert!(
            ModelsUri::parse(bad)
                .unwrap_err()
                .message
                .starts_with("Not a proper models:/ URI"),
            "{bad}"
        );
    }
}

#[test]
fn python_functions_are_created_executed_granted_and_dropped_with_their_schema() {
    let mut u = Unity::default();
    let run = |u: &mut Unity, sql: &str| execute(u, sql, 7);
    run(&mut u, "CREATE SCHEMA main.fx").expect("schema");
    let create = "CREATE FUNCTION main.fx.twice(x DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON AS $$ return 2 * x $$";
    run(&mut u, create).expect("create");
    assert_eq!(
        u.function("main.fx.twice").unwrap().params,
        [("x".to_string(), "DOUBLE".to_string())]
    );
    let again = run(&mut u, create).unwrap_err();
    assert!(
        again.message.starts_with("[ROUTINE_ALREADY_EXISTS]"),
        "{}",
        again.message
    );
    run(
        &mut u,
        &create.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"),
    )
    .expect("replace");
    // Alice may use the schema but was granted nothing on the function: no EXECUTE.
    run(
        &mut u,
        "GRANT USE SCHEMA ON SCHEMA main.fx TO `data_scientists`",
    )
    .expect("grant");
    u.acting_as = Some(ALICE.into());
    assert_eq!(
        u.function("main.fx.twice").unwrap_err().code,
        ErrorCode::PermissionDenied
    );
    u.acting_as = None;
    run(
        &mut u,
        "GRANT EXECUTE ON FUNCTION main.fx.twice TO `data_scientists`",
    )
    .expect("grant");
    u.acting_as = Some(ALICE.into());
    assert!(u.function("main.fx.twice").is_ok());
    assert_eq!(
        run(&mut u, "DROP FUNCTION main.fx.twice").unwrap_err().code,
        ErrorCode::PermissionDenied
    );
    u.acting_as = None;
    let refused = run(&mut u, "DROP SCHEMA main.fx").unwrap_err();
    assert!(refused.message.starts_with("[SCHEMA_NOT_EMPTY]"));
    run(&mut u, "DROP SCHEMA main.fx CASCADE").expect("cascade");
    assert!(u.functions.is_empty());
    assert!(run(&mut u, "DROP FUNCTION IF EXISTS main.fx.twice").is_ok());
}
