/**
 * MJCF of HalfCheetah-v5: a planar 2-D cheetah (root slide x, slide z, hinge y; back and front
 * thigh, shin, foot hinges with their own stiffness and damping), total mass 14, explicit Euler
 * at 0.01 s, motor gears 120/90/60/120/60/30. Written from the model facts of Gymnasium's
 * `envs/mujoco/assets/half_cheetah.xml` (MIT, © 2016 OpenAI, 2022 Farama Foundation).
 */
export const halfCheetahXml = `
<mujoco model="half-cheetah">
  <compiler angle="radian" coordinate="local" inertiafromgeom="true" settotalmass="14"/>
  <option timestep="0.01" gravity="0 0 -9.81"/>
  <size nstack="300000" nuser_geom="1"/>
  <default>
    <joint limited="true" armature=".1" damping=".01" stiffness="8" solreflimit=".02 1" solimplimit="0 .8 .03"/>
    <geom contype="1" conaffinity="0" condim="3" friction=".4 .1 .1" solref="0.02 1" solimp="0.0 0.8 0.01" rgba="0.8 0.6 .4 1"/>
    <motor ctrllimited="true" ctrlrange="-1 1"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" size="40 40 40" pos="0 0 0" conaffinity="1" condim="3" rgba="0.8 0.9 0.8 1"/>
    <body name="torso" pos="0 0 .7">
      <joint name="rootx" type="slide" axis="1 0 0" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rootz" type="slide" axis="0 0 1" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rooty" type="hinge" axis="0 1 0" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <geom name="torso" type="capsule" size="0.046" fromto="-.5 0 0 .5 0 0"/>
      <geom name="head" type="capsule" size="0.046 .15" pos=".6 0 .1" axisangle="0 1 0 .87"/>
      <body name="bthigh" pos="-.5 0 0">
        <joint name="bthigh" type="hinge" axis="0 1 0" pos="0 0 0" range="-.52 1.05" stiffness="240" damping="6"/>
        <geom name="bthigh" type="capsule" size="0.046 .145" pos=".1 0 -.13" axisangle="0 1 0 -3.8"/>
        <body name="bshin" pos=".16 0 -.25">
          <joint name="bshin" type="hinge" axis="0 1 0" pos="0 0 0" range="-.785 .785" stiffness="180" damping="4.5"/>
          <geom name="bshin" type="capsule" size="0.046 .15" pos="-.14 0 -.07" axisangle="0 1 0 -2.03" rgba="0.9 0.6 0.6 1"/>
          <body name="bfoot" pos="-.28 0 -.14">
            <joint name="bfoot" type="hinge" axis="0 1 0" pos="0 0 0" range="-.4 .785" stiffness="120" damping="3"/>
            <geom name="bfoot" type="capsule" size="0.046 .094" pos=".03 0 -.097" axisangle="0 1 0 -.27" rgba="0.9 0.6 0.6 1"/>
          </body>
        </body>
      </body>
      <body name="fthigh" pos=".5 0 0">
        <joint name="fthigh" type="hinge" axis="0 1 0" pos="0 0 0" range="-1 .7" stiffness="180" damping="4.5"/>
        <geom name="fthigh" type="capsule" size="0.046 .133" pos="-.07 0 -.12" axisangle="0 1 0 .52"/>
        <body name="fshin" pos="-.14 0 -.24">
          <joint name="fshin" type="hinge" axis="0 1 0" pos="0 0 0" range="-1.2 .87" stiffness="120" damping="3"/>
          <geom name="fshin" type="capsule" size="0.046 .106" pos=".065 0 -.09" axisangle="0 1 0 -.6" rgba="0.9 0.6 0.6 1"/>
          <body name="ffoot" pos=".13 0 -.18">
            <joint name="ffoot" type="hinge" axis="0 1 0" pos="0 0 0" range="-.5 .5" stiffness="60" damping="1.5"/>
            <geom name="ffoot" type="capsule" size="0.046 .07" pos=".045 0 -.07" axisangle="0 1 0 -.6" rgba="0.9 0.6 0.6 1"/>
          </body>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="bthigh" joint="bthigh" gear="120"/>
    <motor name="bshin" joint="bshin" gear="90"/>
    <motor name="bfoot" joint="bfoot" gear="60"/>
    <motor name="fthigh" joint="fthigh" gear="120"/>
    <motor name="fshin" joint="fshin" gear="60"/>
    <motor name="ffoot" joint="ffoot" gear="30"/>
  </actuator>
</mujoco>
`;
