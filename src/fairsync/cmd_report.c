/* fairsync report: placeholder until the report lands. */
#include "cli.h"
#include "commands.h"

const char usage_report[] =
	"usage: fairsync report --db EVENT.db --out FILE.pdf [--per-company]\n";

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_error("report: not written yet");
}
