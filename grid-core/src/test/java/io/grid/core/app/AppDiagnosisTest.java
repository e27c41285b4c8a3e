package io.grid.core.app;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AppDiagnosisTest {

    private static Pod pod(String name, ContainerStatus... statuses) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27")
                .withNewResources().withLimits(Map.of("memory", new Quantity("512Mi"))).endResources()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withContainerStatuses(statuses).endStatus()
                .build();
    }

    private static ContainerStatusBuilder web() {
        return new ContainerStatusBuilder().withName("web").withImage("nginx:1.27").withReady(false).withRestartCount(0);
    }

    @Test
    void namesTheImageThatCannotBePulled() {
        Pod pod = pod("web-0", web().withImage("registry.example/nope:1").withNewState().withNewWaiting()
                .withReason("ImagePullBackOff").withMessage("Back-off pulling image").endWaiting().endState().build());

        AppFailure failure = AppDiagnosis.diagnose(List.of(pod), List.of()).orElseThrow();

        assertThat(failure.reason()).isEqualTo(AppFailureReason.IMAGE_PULL_FAILED);
        assertThat(failure.image()).isEqualTo("registry.example/nope:1");
        assertThat(failure.pod()).isEqualTo("web-0");
    }

    @Test
    void crashLoopCarriesTheLastExitCode() {
        Pod pod = pod("web-0", web().withRestartCount(4)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(3).withReason("Error").endTerminated().endLastState()
                .build());

        AppFailure failure = AppDiagnosis.diagnose(List.of(pod), List.of()).orElseThrow();

        assertThat(failure.reason()).isEqualTo(AppFailureReason.CRASH_LOOP);
        assertThat(failure.exitCode()).isEqualTo(3);
        assertThat(AppDiagnosis.restarts(pod)).isEqualTo(4);
        assertThat(AppDiagnosis.lastTerminationReason(pod)).isEqualTo("Error");
    }

    @Test
    void outOfMemoryWinsOverTheCrashLoopItCausesAndNamesTheLimit() {
        Pod pod = pod("web-0", web().withRestartCount(2)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(137).withReason("OOMKilled").endTerminated().endLastState()
                .build());

        AppFailure failure = AppDiagnosis.diagnose(List.of(pod), List.of()).orElseThrow();

        assertThat(failure.reason()).isEqualTo(AppFailureReason.OUT_OF_MEMORY);
        assertThat(failure.memoryLimit()).isEqualTo("512Mi");
        assertThat(failure.exitCode()).isEqualTo(137);
    }

    @Test
    void unschedulablePodCarriesTheSchedulersMessage() {
        Pod pod = new PodBuilder(pod("web-0")).editStatus().withPhase("Pending").addNewCondition().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage("0/1 nodes are available: 1 Insufficient cpu.")
                .endCondition().endStatus().build();

        AppFailure failure = AppDiagnosis.diagnose(List.of(pod), List.of()).orElseThrow();

        assertThat(failure.reason()).isEqualTo(AppFailureReason.UNSCHEDULABLE);
        assertThat(failure.detail()).contains("Insufficient cpu");
        assertThat(failure.reason().httpStatus()).isEqualTo(503);
    }

    @Test
    void quotaRefusalComesFromTheControllersEventWhenNoPodExists() {
        ClusterEvent event = new ClusterEvent("Warning", "FailedCreate",
                "Error creating: pods \"web-0\" is forbidden: exceeded quota: grid-order, requested: limits.memory=1Gi",
                "ReplicaSet/web-1");

        AppFailure failure = AppDiagnosis.diagnose(List.of(), List.of(event)).orElseThrow();

        assertThat(failure.reason()).isEqualTo(AppFailureReason.QUOTA_EXCEEDED);
        assertThat(failure.detail()).contains("exceeded quota");
    }

    @Test
    void readinessProbeFailingNeedsARunningUnreadyContainerAndTheKubeletsEvent() {
        Pod pod = pod("web-0", web().withNewState().withNewRunning().endRunning().endState().build());
        ClusterEvent unhealthy = new ClusterEvent("Warning", "Unhealthy",
                "Readiness probe failed: HTTP probe failed with statuscode: 503", "Pod/web-0");

        assertThat(AppDiagnosis.diagnose(List.of(pod), List.of())).isEmpty();
        assertThat(AppDiagnosis.diagnose(List.of(pod), List.of(unhealthy)).orElseThrow().reason())
                .isEqualTo(AppFailureReason.READINESS_PROBE_FAILING);
    }

    @Test
    void aHealthyOrStartingAppHasNoFailure() {
        Pod running = pod("web-0", web().withReady(true).withNewState().withNewRunning().endRunning().endState().build());
        Pod creating = pod("web-1", web().withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting()
                .endState().build());

        assertThat(AppDiagnosis.diagnose(List.of(running, creating), List.of())).isEmpty();
    }

    @Test
    void classifiesTheEventsOfEachFailure() {
        assertThat(AppDiagnosis.classify(new ClusterEvent("Warning", "Failed",
                "Failed to pull image \"x\": rpc error: ErrImagePull", "Pod/a"))).contains(AppFailureReason.IMAGE_PULL_FAILED);
        assertThat(AppDiagnosis.classify(new ClusterEvent("Warning", "BackOff",
                "Back-off restarting failed container web in pod a", "Pod/a"))).contains(AppFailureReason.CRASH_LOOP);
        assertThat(AppDiagnosis.classify(new ClusterEvent("Warning", "FailedScheduling",
                "0/1 nodes are available", "Pod/a"))).contains(AppFailureReason.UNSCHEDULABLE);
        assertThat(AppDiagnosis.classify(new ClusterEvent("Normal", "Started", "Started container web", "Pod/a")))
                .isEmpty();
    }
}
