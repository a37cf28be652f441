/* commands.h: every fairsync sub-command. One line here and one row in
 * main.c's table per command; each lives in its own cmd_*.c. */
#ifndef FAIRSYNC_COMMANDS_H
#define FAIRSYNC_COMMANDS_H

int cmd_init(int argc, char **argv);    /* cmd_init.c */
int cmd_token(int argc, char **argv);   /* cmd_token.c */
int cmd_pack(int argc, char **argv);    /* cmd_pack.c */
int cmd_pin(int argc, char **argv);     /* cmd_pack.c */
int cmd_status(int argc, char **argv);  /* cmd_status.c */
int cmd_import(int argc, char **argv);  /* cmd_import.c */

extern const char usage_init[], usage_token[], usage_pack[], usage_pin[];
extern const char usage_status[];
extern const char usage_import[];

#endif
