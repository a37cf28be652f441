/* main.c: fairkiosk's entry point. Reads kiosk.ini, opens the kiosk's
 * database and the check-in context, starts the inputs and the window, and
 * hands over to the event loop. Events reach the brain through kiosk_feed()
 * (dispatch.c). */
#include <getopt.h>
#include <libgen.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bundle.h"
#include "dispatch.h"
#include "fair/tourdata.h"
#include "host_rollcall.h"
#include "kiosk.h"

static const char usage[] =
	"usage: fairkiosk --config DIR/kiosk.ini [--windowed] [--size WxH]\n"
	"                 [--script FILE] [--export-dir DIR]\n"
	"       fairkiosk --install-bundle SRC [--data-dir DIR]\n"
	"\n"
	"The fullscreen touchscreen check-in kiosk of a fairkiosk event.\n"
	"\n"
	"  --config FILE    the kiosk.ini written by `fairsync pack`\n"
	"  --windowed       a window instead of fullscreen (demos, tests)\n"
	"  --size WxH       window size with --windowed (default 1280x800)\n"
	"  --script FILE    play scripted input: scan TOKEN, tap X Y (screen\n"
	"                   fractions), press LABEL, text STRING, key NAME,\n"
	"                   wedge TOKEN (a scanner typing), wait MS,\n"
	"                   screenshot FILE.png, where LABEL (its place\n"
	"                   on stderr), voice-save FILE.wav (the last\n"
	"                   result said aloud), quit\n"
	"  --export-dir DIR a folder that stands for the USB drive staff\n"
	"                   export onto (tests; as [export] usb_root):\n"
	"                   DIR/NAME/kiosk.db. Default: the mounted USB\n"
	"                   drives; none mounted, nothing is written\n"
	"  --install-bundle SRC  install the bundle folder SRC (from a USB\n"
	"                   stick) as this kiosk's, in --data-dir (default\n"
	"                   " BUNDLE_DATA_DIR "); the previous bundle is kept\n"
	"                   and its check-ins are saved onto the stick first;\n"
	"                   a bundle merge's checks refuse is not installed\n"
	"  -h, --help       this help;  --version  the version\n"
	"\n"
	"Each scan's outcome is one JSON line on stdout.\n"
	"Exit status: 0 quit by staff or script, 1 failure, 2 usage error.\n";

static int parse_size(const char *s, int *w, int *h)
{
	char *end;
	long a = strtol(s, &end, 10), b;

	if (*end != 'x')
		return -1;
	b = strtol(end + 1, &end, 10);
	if (*end || a < 200 || b < 200 || a > 8192 || b > 8192)
		return -1;
	*w = (int)a;
	*h = (int)b;
	return 0;
}

/* Returns 0 to run, 1 to exit 0 (help/version), 2 on a usage error. */
static int parse_args(struct kiosk *k, int argc, char **argv, bool *windowed)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "windowed", no_argument, NULL, 'w' },
		{ "size", required_argument, NULL, 's' },
		{ "script", required_argument, NULL, 'S' },
		{ "export-dir", required_argument, NULL, 'e' },
		{ "install-bundle", required_argument, NULL, 'I' },
		{ "data-dir", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			snprintf(k->config_path, sizeof(k->config_path), "%s",
				 optarg);
			break;
		case 'w':
			*windowed = true;
			break;
		case 's':
			if (parse_size(optarg, &k->win_w, &k->win_h)) {
				fprintf(stderr, "fairkiosk: bad size '%s':"
					" want WxH, e.g. 1280x800\n", optarg);
				return 2;
			}
			break;
		case 'S':
			k->script = optarg;
			break;
		case 'e':
			snprintf(k->export_dir, sizeof(k->export_dir), "%s",
				 optarg);
			break;
		case 'I':
			k->install_src = optarg;
			break;
		case 'D':
			k->data_dir = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 1;
		case 'V':
			printf("fairkiosk %s\n", FAIR_VERSION);
			return 1;
		default:
			fputs("Try 'fairkiosk --help'.\n", stderr);
			return 2;
		}
	}
	if (optind < argc || (!k->config_path[0] && !k->install_src)) {
		fprintf(stderr, "fairkiosk: %s\nTry 'fairkiosk --help'.\n",
			optind < argc ? "unexpected argument"
				      : "--config FILE is required");
		return 2;
	}
	return 0;
}

static void brain_setup(struct kiosk *k)
{
	struct brain_config bc = { 0 };
	int lang = lang_parse(k->cfg.language);
	struct brain_event ev = { .kind = EV_COUNT_TODAY };

	bc.entrance = k->cfg.role == KIOSK_ENTRANCE;
	bc.rollcall = k->cfg.role == KIOSK_ROLLCALL;
	bc.demo = k->cfg.demo;
	if (host_clock_load(k) == 0)
		fprintf(stderr, "fairkiosk: clock corrected by %+lld s, as "
			"staff set it earlier in this boot\n",
			(long long)(k->clock_offset_ms / 1000));
	bc.clock_offset_ms = k->clock_offset_ms;
	bc.clock_ok = clock_within_event(&k->ctx.event, kiosk_wall_ms(k));
	bc.has_printer = k->cfg.printer[0] != '\0';
	bc.result_ms = k->cfg.result_ms;
	bc.consent_offer_ms = k->cfg.consent_offer_ms;
	bc.utc_offset_min = k->ctx.event.utc_offset_min;
	bc.lang = lang < 0 ? LANG_JA : (enum lang)lang;
	snprintf(bc.pin_hash, sizeof(bc.pin_hash), "%s", k->cfg.pin_hash);
	bc.pin_tries = k->cfg.pin_tries;
	host_pin_load(k, &bc);
	host_place_label(k, bc.place_name, sizeof(bc.place_name));
	snprintf(bc.consent_version, sizeof(bc.consent_version), "%s",
		 k->cfg.consent_version);
	host_tour_setup(k, &bc);
	host_survey_setup(k, &bc);
	brain_init(&k->brain, &bc, clock_mono_ms());
	texthold_init(&k->hold);
	if (!bc.clock_ok)
		fprintf(stderr, "fairkiosk: the clock is outside the event's"
			" dates (%s to %s): staff must confirm or set it\n",
			k->ctx.event.start_date, k->ctx.event.end_date);
	host_count_event(k, &ev);
	kiosk_feed(k, &ev);
}

static int open_core(struct kiosk *k, struct fair_err *err)
{
	char dir[PATH_MAX];

	if (config_load(k->config_path, &k->cfg, err))
		return -1;
	/* without MeCab's dictionary Japanese would break inside words */
	if (linebreak_init(err))
		return -1;
	snprintf(dir, sizeof(dir), "%s", k->config_path);
	snprintf(k->config_dir, sizeof(k->config_dir), "%s", dirname(dir));
	snprintf(k->logo, sizeof(k->logo), "%s/logo.png", k->config_dir);
	if (access(k->logo, R_OK) != 0)
		k->logo[0] = '\0'; /* the bundle has no logo */
	if (host_store_open(k, err))
		return -1;
	if (checkin_ctx_init(&k->ctx, k->st, k->cfg.place, k->cfg.name,
			     &k->cfg.rules, err))
		return -1;
	return 0;
}

/* [sound] voice: optional. Without Open JTalk, its dictionary, the voice
 * or an audio device the kiosk says so once and keeps the tone. */
static void start_voice(struct kiosk *k)
{
	struct voice_config vc = { 0 };
	struct fair_err err = { "" };

	if (!k->cfg.voice)
		return;
	if (!render_has_audio(k->render)) {
		fprintf(stderr, "fairkiosk: voice: no audio device; results "
			"are not said aloud\n");
		return;
	}
	vc.voice_file = k->cfg.voice_file;
	vc.load = render_load_speech;
	vc.load_ctx = k->render;
	vc.wake = events_wake;
	vc.wake_ctx = k;
	vc.trace = k->trace;
	k->voice = voice_open(&vc, &err);
	if (!k->voice)
		fprintf(stderr, "fairkiosk: voice: %s; results have the tone "
			"alone\n", err.msg);
}

static void start_inputs(struct kiosk *k)
{
	struct inputs_config ic = { k->cfg.camera, k->cfg.scanner,
				    k->cfg.serial, k->cfg.serial_baud,
				    render_bare_console(k->render) ? "auto"
								   : "" };
	struct fair_err err = { "" };

	k->in = inputs_start(&ic, events_wake, k, &err);
	if (!k->in)
		fprintf(stderr, "fairkiosk: inputs did not start: %s\n",
			err.msg);
	k->has_camera = k->cfg.camera[0] != '\0';
	if (k->cfg.central[0]) {
		struct rally rl = { 0 };

		/* the entrance shows rally progress: the server counts every
		 * booth's scans, this kiosk's file only its own */
		if (k->ctx.place.kind != PLACE_ENTRANCE ||
		    rally_get(k->st, &rl) || !rl.booths)
			rl.kinds[0] = '\0';
		k->sync = livesync_start(k->cfg.central, k->cfg.db,
					 k->ctx.event.event_id,
					 k->ctx.event.utc_offset_min, rl.kinds,
					 events_wake, k, &err);
		if (!k->sync)
			fprintf(stderr, "fairkiosk: no live sync: %s\n",
				err.msg);
	}
	start_voice(k);
	if (k->cfg.printer[0]) {
		k->pw = printwatch_start(events_wake, k);
		if (!k->pw)
			fprintf(stderr, "fairkiosk: print jobs will not be "
				"followed: out of memory\n");
	}
}

/* The packaged service, restarted into a new bundle if it runs (and left
 * stopped if it does not). 0 when systemd restarted it. */
static int restart_service(void)
{
	char *argv[] = { "systemctl", "try-restart", "fairkiosk.service",
			 NULL };
	pid_t pid;
	int status = 0;

	if (access("/run/systemd/system", F_OK) ||
	    posix_spawnp(&pid, "systemctl", NULL, NULL, argv, environ))
		return -1;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status) ? -1 : 0;
}

/* --install-bundle: no window, no inputs; the service restarts into it. */
static int install_bundle(const struct kiosk *k)
{
	const char *dir = k->data_dir ? k->data_dir : BUNDLE_DATA_DIR;
	struct fair_err err = { "" };
	char report[4096];

	if (bundle_install(k->install_src, dir, report, sizeof(report),
			   &err)) {
		fputs(report, stderr);
		fprintf(stderr, "fairkiosk: cannot install '%s': %s\n",
			k->install_src, err.msg);
		return 1;
	}
	fputs(report, stderr);
	if (!k->data_dir && geteuid() == 0 && restart_service() == 0) {
		fprintf(stderr, "fairkiosk: the kiosk restarts with it\n");
		return 0;
	}
	fprintf(stderr, "fairkiosk: restart the kiosk to use it "
		"(systemctl restart fairkiosk)\n");
	return 0;
}

int main(int argc, char **argv)
{
	static struct kiosk k;
	struct fair_err err = { "" };
	bool windowed = false;
	int rc;

	k.t0_us = kiosk_now_us();
	rc = parse_args(&k, argc, argv, &windowed);

	if (rc)
		return rc == 1 ? 0 : 2;
	if (k.install_src)
		return install_bundle(&k);
	k.log = stdout;
	k.trace = getenv("FAIRKIOSK_TRACE") && getenv("FAIRKIOSK_TRACE")[0];
	if (!k.win_w) {
		k.win_w = 1280;
		k.win_h = 800;
	}
	if (open_core(&k, &err)) {
		fprintf(stderr, "fairkiosk: %s\n", err.msg);
		rc = 1;
		goto out_close;
	}
	k.render = render_open(&k.cfg, windowed, k.win_w, k.win_h, &err);
	if (!k.render) {
		fprintf(stderr, "fairkiosk: %s\n", err.msg);
		rc = 1;
		goto out_close;
	}
	if (events_init(&k, &err)) {
		fprintf(stderr, "fairkiosk: %s\n", err.msg);
		rc = 1;
		goto out_render;
	}
	brain_setup(&k);
	start_inputs(&k);
	rc = events_run(&k);
	voice_close(k.voice);
	livesync_stop(k.sync);
	printwatch_stop(k.pw);
	inputs_stop(k.in);
out_render:
	host_close(&k);
	render_close(k.render);
out_close:
	store_close(k.st);
	kiosk_dispatch_free(&k);
	return rc;
}
