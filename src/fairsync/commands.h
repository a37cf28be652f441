/* commands.h: every fairsync sub-command. One line here and one row in
 * main.c's table per command; each lives in its own cmd_*.c. */
#ifndef FAIRSYNC_COMMANDS_H
#define FAIRSYNC_COMMANDS_H

int cmd_init(int argc, char **argv);    /* cmd_init.c */
int cmd_token(int argc, char **argv);   /* cmd_token.c */
int cmd_pack(int argc, char **argv);    /* cmd_pack.c */
int cmd_pin(int argc, char **argv);     /* cmd_pack.c */
int cmd_badges(int argc, char **argv);  /* cmd_badges.c */
int cmd_merge(int argc, char **argv);   /* cmd_merge.c */
int cmd_export(int argc, char **argv);  /* cmd_export.c */
int cmd_report(int argc, char **argv);  /* cmd_report.c */
int cmd_revoke(int argc, char **argv);  /* cmd_revoke.c */
int cmd_status(int argc, char **argv);  /* cmd_status.c */
int cmd_scanner_test(int argc, char **argv); /* cmd_scanner.c */
int cmd_import(int argc, char **argv);  /* cmd_import.c */
int cmd_purge(int argc, char **argv);   /* cmd_purge.c */
int cmd_records(int argc, char **argv); /* cmd_records.c */
int cmd_season(int argc, char **argv);  /* cmd_central.c */
int cmd_central(int argc, char **argv); /* cmd_central.c */
int cmd_push(int argc, char **argv);    /* cmd_central.c */
int cmd_pull(int argc, char **argv);    /* cmd_central.c */
int cmd_assign(int argc, char **argv);  /* cmd_assign.c */
int cmd_import_tours(int argc, char **argv); /* cmd_assign.c */
int cmd_serve(int argc, char **argv);   /* cmd_serve.c */
int cmd_export_tours(int argc, char **argv); /* cmd_feedback.c */
int cmd_rally(int argc, char **argv);   /* cmd_rally.c */
int cmd_settings(int argc, char **argv); /* cmd_settings.c */
int cmd_certificates(int argc, char **argv); /* cmd_certificates.c */
int cmd_export_kpi(int argc, char **argv); /* cmd_kpi.c */
int cmd_consent(int argc, char **argv); /* cmd_consent.c */
/* cmd_programs.c: joint training and roll-call (issue 27) */
int cmd_import_groups(int argc, char **argv);
int cmd_export_programs(int argc, char **argv);

extern const char usage_init[], usage_token[], usage_pack[], usage_pin[];
extern const char usage_badges[], usage_merge[], usage_export[],
	usage_report[], usage_revoke[], usage_status[], usage_import[],
	usage_scanner_test[], usage_purge[], usage_central[], usage_push[],
	usage_pull[], usage_records[],
	usage_season[];
extern const char usage_assign[], usage_rally[], usage_settings[],
	usage_certificates[];
extern const char usage_serve[], usage_consent[];

#endif
